-- The views that keep call_latest and cdrs (migration 0008) filled, created again. Until this release the migration
-- runner passed the database to `CREATE MATERIALIZED VIEW … TO {db:Identifier}.x` as a query parameter, which
-- ClickHouse 24.8 ignores in the TO clause (it bound the views to default.call_latest / default.cdrs, after which
-- every insert into scorecards and calls failed) and 25.x refuses. The runner now writes the name in
-- (migrate.ts, withDatabase); these statements replace whatever views an earlier 0008 left. A view is created before
-- its backfill, so a row inserted meanwhile reaches the table one way or the other; ReplacingMergeTree drops the
-- copies.
DROP VIEW IF EXISTS {db:Identifier}.call_latest_mv;

DROP VIEW IF EXISTS {db:Identifier}.cdrs_from_calls_mv;

-- The version packs scored_at (ms, 41 bits) above the ruleset version (20 bits), so a newer scoring wins and, at the
-- same instant, the higher ruleset version does. The failed rules come from the scorecard's own JSON, so they always
-- belong to the row's scorecard.
CREATE MATERIALIZED VIEW {db:Identifier}.call_latest_mv TO {db:Identifier}.call_latest AS
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

CREATE MATERIALIZED VIEW {db:Identifier}.cdrs_from_calls_mv TO {db:Identifier}.cdrs AS
SELECT call_id, hotline, agent_id, team_id, started_at, true AS answered, ring_seconds, 'recording' AS source, updated_at
FROM {db:Identifier}.calls;

INSERT INTO {db:Identifier}.cdrs
SELECT call_id, hotline, agent_id, team_id, started_at, true, ring_seconds, 'recording', updated_at
FROM {db:Identifier}.calls;
