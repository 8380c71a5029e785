-- The ids of the rules a scorecard failed, computed once when the row is written (and on read for rows written
-- before this column existed), so the review queue filters and sorts on them without parsing every scorecard's JSON.
ALTER TABLE {db:Identifier}.scorecards ADD COLUMN IF NOT EXISTS failed_rules Array(LowCardinality(String))
    MATERIALIZED arrayMap(r -> JSONExtractString(r, 'ruleId'), arrayFilter(r -> JSONExtractString(r, 'outcome') = 'fail', JSONExtractArrayRaw(scorecard, 'results')));
