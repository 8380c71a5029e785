-- What the monthly dashboards read (services/lib/clickhouse/dashboards.ts), kept small enough that a month's panel
-- answers in well under 200 ms over 10M calls.
--
-- call_latest: one row per call and month, the call's latest scorecard of that month, with its failed rules. The
-- store's `latest` (agentReport) sorts every scorecard of every month to pick one per call; at 10M calls that takes
-- seconds. Here ClickHouse keeps the pick itself: a ReplacingMergeTree ordered by call id whose version orders
-- scorecards as `latest` does (scored_at, then ruleset version; the ruleset id, the last tie-break, is left to
-- insertion order), read with FINAL inside one month's partition. The trade-off: a call whose start time is later
-- corrected into another month keeps a row in its old month, so the old month's panels still count it under its
-- old scorecard (agentReport counts it in the new month only). Excluding it would mean scanning the other months
-- on every read (0.3–3 s at 10M calls), or reading the store before every write.
CREATE TABLE IF NOT EXISTS {db:Identifier}.call_latest
(
    call_id                String,
    version                UInt64,
    ruleset_id             LowCardinality(String),
    ruleset_version        UInt32,
    agent_id               LowCardinality(String),
    team_id                LowCardinality(String),
    started_at             DateTime64(3, 'Asia/Shanghai'),
    score                  Float64,
    fatal                  Bool,
    agent_chars_per_minute Nullable(Float64),
    overtalk_count         Nullable(UInt32),
    failed_rules           Array(LowCardinality(String)),
    scored_at              DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(started_at)
ORDER BY call_id;

-- Every call offered to the hotline, answered or not, for the answer rate. Two sources: a CDR feed (`callqa run
-- --calls`, Store.saveCdrs), which is the only one that knows unanswered calls, and every stored call, which was
-- answered since it has a recording (the view below). source says which; the newest row per call wins.
CREATE TABLE IF NOT EXISTS {db:Identifier}.cdrs
(
    call_id      String,
    hotline      LowCardinality(String),
    agent_id     LowCardinality(String),
    team_id      LowCardinality(String),
    started_at   DateTime64(3, 'Asia/Shanghai'),
    answered     Bool,
    ring_seconds Nullable(Float64),
    source       LowCardinality(String),
    updated_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(started_at)
ORDER BY call_id;

-- The views that fill both tables, and what they hold from before, are migration 0009.
