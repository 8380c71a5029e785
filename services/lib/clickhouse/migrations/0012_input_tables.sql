-- Scorecards and rule results are written through input tables: Null-engine tables with the same columns in plain
-- types, whose views write the real tables. ClickHouse parses a text value into a LowCardinality column one value at
-- a time through a temporary column, which made parsing rule_results' five LowCardinality columns cost about half of
-- writing them (re-scoring writes ten rule results a call, a million calls in a run); a plain String column parses
-- straight in and the view converts whole columns at once. The stored rows are the same.
CREATE TABLE IF NOT EXISTS {db:Identifier}.rule_results_input
(
    call_id         String,
    ruleset_id      String,
    ruleset_version UInt32,
    rule_id         String,
    agent_id        String,
    team_id         String,
    started_at      DateTime64(3, 'Asia/Shanghai'),
    outcome         String,
    deduction       Float64,
    severity        Nullable(String),
    evidence        String,
    scored_at       DateTime64(3, 'UTC')
)
ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db:Identifier}.rule_results_input_mv TO {db:Identifier}.rule_results AS
SELECT call_id, ruleset_id, ruleset_version, rule_id, agent_id, team_id, started_at, outcome, deduction, severity, evidence, scored_at
FROM {db:Identifier}.rule_results_input;

-- The failed rules and whether the roles need a look, as columns the writer fills from the scorecard it holds: the
-- call_latest view read them from the scorecard's JSON, parsing every scorecard again on insert. A row inserted
-- without them (or stored before this migration) gets them from its JSON, as before.
ALTER TABLE {db:Identifier}.scorecards
    ADD COLUMN IF NOT EXISTS failed_rules Array(LowCardinality(String))
        DEFAULT arrayMap(r -> JSONExtractString(r, 'ruleId'),
                         arrayFilter(r -> JSONExtractString(r, 'outcome') = 'fail', JSONExtractArrayRaw(scorecard, 'results')));

ALTER TABLE {db:Identifier}.scorecards
    ADD COLUMN IF NOT EXISTS roles_review Bool DEFAULT JSONExtractBool(scorecard, 'roles', 'review');

CREATE TABLE IF NOT EXISTS {db:Identifier}.scorecards_input
(
    call_id                  String,
    ruleset_id               String,
    ruleset_version          UInt32,
    agent_id                 String,
    team_id                  String,
    started_at               DateTime64(3, 'Asia/Shanghai'),
    score                    Float64,
    fatal                    Bool,
    agent_chars_per_minute   Nullable(Float64),
    overtalk_count           Nullable(UInt32),
    overtalk_ms              Nullable(UInt32),
    longest_agent_silence_ms Nullable(UInt32),
    talk_ratio               Nullable(Float64),
    scored_at                DateTime64(3, 'UTC'),
    scorecard                String,
    entered_at               Nullable(DateTime64(3, 'UTC')),
    failed_rules             Array(String),
    roles_review             Bool
)
ENGINE = Null;

-- inserted_at is left to its default (the time of the insert).
CREATE MATERIALIZED VIEW IF NOT EXISTS {db:Identifier}.scorecards_input_mv TO {db:Identifier}.scorecards AS
SELECT call_id, ruleset_id, ruleset_version, agent_id, team_id, started_at, score, fatal, agent_chars_per_minute, overtalk_count,
       overtalk_ms, longest_agent_silence_ms, talk_ratio, scored_at, scorecard, entered_at, failed_rules, roles_review
FROM {db:Identifier}.scorecards_input;

DROP VIEW IF EXISTS {db:Identifier}.call_latest_mv;

-- As in 0011, with the failed rules and roles_review read from their columns.
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
    failed_rules,
    roles_review,
    scored_at
FROM {db:Identifier}.scorecards;
