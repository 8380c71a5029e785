-- Where each call stands in a stage that can fail on its own input (transcription: corrupt, empty or over-long
-- audio). `callqa run` skips calls already done and retries failed ones; operators see why a call has no
-- scorecard. One row per call and stage, the newest wins.
CREATE TABLE IF NOT EXISTS {db:Identifier}.call_status
(
    call_id       String,
    stage         LowCardinality(String),
    status        LowCardinality(String),
    reason        String,
    recording_uri String,
    updated_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (call_id, stage);
