-- The inspectors' side: reviews of machine scorecards, appeals against confirmed violations, who reviews which call,
-- and blind calibration rounds. The machine scorecard is never changed; a review sits beside it.
--
-- A review judges one scorecard (call, ruleset id and version): each failed rule confirmed or overturned, with a
-- comment. kind = 'qa' is the review of record (the newest one per call counts for settlements); kind =
-- 'calibration' is a blind practice review inside a calibration round and never counts. An inspector who reviews
-- the same call again replaces their own review (same key, newer reviewed_at); the audit log keeps both.
CREATE TABLE IF NOT EXISTS {db:Identifier}.reviews
(
    call_id          String,
    kind             LowCardinality(String),
    calibration_id   String,
    reviewer         String,
    ruleset_id       LowCardinality(String),
    ruleset_version  UInt32,
    agent_id         String,
    team_id          LowCardinality(String),
    started_at       DateTime64(3, 'Asia/Shanghai'),
    machine_score    Float64,
    reviewed_score   Float64,
    fatal            Bool,
    decisions        Array(Tuple(rule_id String, verdict LowCardinality(String), deduction Float64, comment String)),
    comment          String,
    reviewed_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(reviewed_at)
PARTITION BY toYYYYMM(started_at)
ORDER BY (call_id, kind, calibration_id, reviewer);

-- An agent's appeal against one confirmed violation (a rule of the call's review of record). It is filed open and
-- decided once, upheld (the violation no longer counts) or rejected, by a supervisor who was not its reviewer.
-- Each change is a new row with a newer updated_at; the audit log keeps the history of who did what.
CREATE TABLE IF NOT EXISTS {db:Identifier}.appeals
(
    appeal_id        String,
    call_id          String,
    rule_id          LowCardinality(String),
    agent_id         String,
    team_id          LowCardinality(String),
    started_at       DateTime64(3, 'Asia/Shanghai'),
    reviewer         String,
    reason           String,
    filed_by         String,
    filed_at         DateTime64(3, 'UTC'),
    status           LowCardinality(String),
    decided_by       String,
    decision_comment String,
    decided_at       Nullable(DateTime64(3, 'UTC')),
    updated_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY appeal_id;

-- Which inspector reviews which call; the newest assignment wins (an empty inspector unassigns).
CREATE TABLE IF NOT EXISTS {db:Identifier}.assignments
(
    call_id     String,
    inspector   String,
    assigned_by String,
    assigned_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(assigned_at)
ORDER BY call_id;

-- A calibration round: one call reviewed blind by several inspectors, then compared rule by rule.
CREATE TABLE IF NOT EXISTS {db:Identifier}.calibrations
(
    calibration_id String,
    call_id        String,
    title          String,
    inspectors     Array(String),
    created_by     String,
    created_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY calibration_id;
