-- Every statement must be safe to run twice (IF NOT EXISTS): a crash between applying a file and recording it in
-- schema_migrations makes the next start run the whole file again. migrate.ts binds the database name as `db`.
--
-- Every table is a ReplacingMergeTree keyed by what makes a row unique, so a redelivered message or a re-run
-- replaces rows instead of adding them. Readers still dedup (FINAL or latest-by-version), because merges are
-- eventual. Partitions are calendar months in Asia/Shanghai, the centre's month for settlements and reports.
-- The version columns hold the scorecard's scored_at: a late redelivery of an older result never overwrites a
-- newer one, and storing the same item twice writes identical rows.

CREATE TABLE IF NOT EXISTS {db:Identifier}.calls
(
    call_id          String,
    hotline          LowCardinality(String),
    agent_id         String,
    agent_name       String,
    team_id          LowCardinality(String),
    direction        LowCardinality(String),
    started_at       DateTime64(3, 'Asia/Shanghai'),
    ring_seconds     Nullable(Float64),
    duration_seconds Float64,
    hangup_by        LowCardinality(Nullable(String)),
    customer_number  Nullable(String),
    recording_uri    Nullable(String),
    asr_engine       LowCardinality(Nullable(String)),
    asr_model        LowCardinality(Nullable(String)),
    updated_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(started_at)
ORDER BY call_id;

-- started_at is repeated here only to partition a call's utterances with the call, so a month is dropped whole.
CREATE TABLE IF NOT EXISTS {db:Identifier}.utterances
(
    call_id    String,
    idx        UInt32,
    speaker    LowCardinality(String),
    start_ms   UInt32,
    end_ms     UInt32,
    text       String,
    started_at DateTime64(3, 'Asia/Shanghai'),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(started_at)
ORDER BY (call_id, idx);

CREATE TABLE IF NOT EXISTS {db:Identifier}.scorecards
(
    call_id                  String,
    ruleset_id               LowCardinality(String),
    ruleset_version          UInt32,
    agent_id                 String,
    team_id                  LowCardinality(String),
    started_at               DateTime64(3, 'Asia/Shanghai'),
    score                    Float64,
    fatal                    Bool,
    agent_chars_per_minute   Nullable(Float64),
    overtalk_count           Nullable(UInt32),
    overtalk_ms              Nullable(UInt32),
    longest_agent_silence_ms Nullable(UInt32),
    talk_ratio               Nullable(Float64),
    scored_at                DateTime64(3, 'UTC'),
    scorecard                String
)
ENGINE = ReplacingMergeTree(scored_at)
PARTITION BY toYYYYMM(started_at)
ORDER BY (call_id, ruleset_id, ruleset_version);

CREATE TABLE IF NOT EXISTS {db:Identifier}.rule_results
(
    call_id         String,
    ruleset_id      LowCardinality(String),
    ruleset_version UInt32,
    rule_id         LowCardinality(String),
    agent_id        String,
    team_id         LowCardinality(String),
    started_at      DateTime64(3, 'Asia/Shanghai'),
    outcome         LowCardinality(String),
    deduction       Float64,
    severity        LowCardinality(Nullable(String)),
    evidence        String,
    scored_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(scored_at)
PARTITION BY toYYYYMM(started_at)
ORDER BY (call_id, ruleset_id, ruleset_version, rule_id);
