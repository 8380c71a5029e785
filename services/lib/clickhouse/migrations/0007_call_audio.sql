-- What re-scoring needs to rebuild a call's Transcript from the store (`callqa rescore`): the agent's and the
-- customer's loudness (the volume rule reads audio.agent.maxDbfs) and the recording's channel map (a re-transcription
-- must split the same channels). Rows stored before this migration have NULL here: their volume rule is `na` on
-- re-scoring, and re-transcribing them assumes the default stereo map (agent 0, customer 1).
ALTER TABLE {db:Identifier}.calls ADD COLUMN IF NOT EXISTS agent_max_dbfs Nullable(Float64);
ALTER TABLE {db:Identifier}.calls ADD COLUMN IF NOT EXISTS customer_max_dbfs Nullable(Float64);
ALTER TABLE {db:Identifier}.calls ADD COLUMN IF NOT EXISTS recording_channels Nullable(String);
