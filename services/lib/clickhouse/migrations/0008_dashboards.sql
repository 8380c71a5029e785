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

-- The version packs scored_at (ms, 41 bits) above the ruleset version (20 bits), so a newer scoring wins and, at the
-- same instant, the higher ruleset version does. The failed rules come from the scorecard's own JSON, so they always
-- belong to the row's scorecard.
CREATE MATERIALIZED VIEW IF NOT EXISTS {db:Identifier}.call_latest_mv TO {db:Identifier}.call_latest AS
SELECT
    call_id,
    toUInt64(toUnixTimestamp64Milli(scored_at)) * 1048576 + least(ruleset_version, 1048575) AS version,
    ruleset_id,
    ruleset_version,
    agent_id,
    team_id,
    started_at,
    score,
    fatal,
    agent_chars_per_minute,
    overtalk_count,
    arrayMap(r -> JSONExtractString(r, 'ruleId'),
             arrayFilter(r -> JSONExtractString(r, 'outcome') = 'fail', JSONExtractArrayRaw(scorecard, 'results'))) AS failed_rules,
    scored_at
FROM {db:Identifier}.scorecards;

-- Scorecards stored before this migration. Running it twice writes the same rows again, which the table replaces.
INSERT INTO {db:Identifier}.call_latest
SELECT
    call_id,
    toUInt64(toUnixTimestamp64Milli(scored_at)) * 1048576 + least(ruleset_version, 1048575),
    ruleset_id,
    ruleset_version,
    agent_id,
    team_id,
    started_at,
    score,
    fatal,
    agent_chars_per_minute,
    overtalk_count,
    arrayMap(r -> JSONExtractString(r, 'ruleId'),
             arrayFilter(r -> JSONExtractString(r, 'outcome') = 'fail', JSONExtractArrayRaw(scorecard, 'results'))),
    scored_at
FROM {db:Identifier}.scorecards;

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

CREATE MATERIALIZED VIEW IF NOT EXISTS {db:Identifier}.cdrs_from_calls_mv TO {db:Identifier}.cdrs AS
SELECT call_id, hotline, agent_id, team_id, started_at, true AS answered, ring_seconds, 'recording' AS source, updated_at
FROM {db:Identifier}.calls;

INSERT INTO {db:Identifier}.cdrs
SELECT call_id, hotline, agent_id, team_id, started_at, true, ring_seconds, 'recording', updated_at
FROM {db:Identifier}.calls;
