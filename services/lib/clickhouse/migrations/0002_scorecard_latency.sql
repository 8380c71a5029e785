-- When a call entered the pipeline (the callqa-entered-at header, set where the call first came in) and when its
-- scorecard row was written: end-to-end latency, per call, for operators and for `npm run bench:pipeline`.
ALTER TABLE {db:Identifier}.scorecards ADD COLUMN IF NOT EXISTS entered_at Nullable(DateTime64(3, 'UTC'));
ALTER TABLE {db:Identifier}.scorecards ADD COLUMN IF NOT EXISTS inserted_at DateTime64(3, 'UTC') DEFAULT now64(3);
