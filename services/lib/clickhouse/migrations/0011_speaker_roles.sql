-- Mono recordings (issue 12): agent and customer are told apart by speaker separation, with a confidence.
--
-- calls.speaker_roles: the Transcript's `roles` (JSON), so re-scoring a stored mono call knows it came from one
-- channel (its overtalk stays `na`) and an inspector's swap is kept. NULL: the channels said who is who.
ALTER TABLE {db:Identifier}.calls ADD COLUMN IF NOT EXISTS speaker_roles Nullable(String);

-- call_latest.roles_review: the latest scorecard asks an inspector to check the roles (low confidence, one voice,
-- three or more), which puts the call in the review queue. Scorecards stored before this migration have no roles.
ALTER TABLE {db:Identifier}.call_latest ADD COLUMN IF NOT EXISTS roles_review Bool DEFAULT false;

DROP VIEW IF EXISTS {db:Identifier}.call_latest_mv;

-- As in 0008, with roles_review read from the scorecard's own JSON.
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
    JSONExtractBool(scorecard, 'roles', 'review') AS roles_review,
    scored_at
FROM {db:Identifier}.scorecards;
