-- A review loop that can be trusted with pay (issue 14).
--
-- users: a one-time password (printed at setup, set by an admin) must be changed at the first sign-in and stops
-- working once it expires; sessions issued before sessions_valid_from have ended (a password, role or access change
-- signs the user out everywhere). 0 means "none" for both times.
ALTER TABLE {db:Identifier}.users ADD COLUMN IF NOT EXISTS must_change_password Bool DEFAULT false;
ALTER TABLE {db:Identifier}.users ADD COLUMN IF NOT EXISTS password_expires_at DateTime64(3, 'UTC') DEFAULT toDateTime64(0, 3, 'UTC');
ALTER TABLE {db:Identifier}.users ADD COLUMN IF NOT EXISTS sessions_valid_from DateTime64(3, 'UTC') DEFAULT toDateTime64(0, 3, 'UTC');

-- Sessions signed out before their token expired. A row is only needed until then.
CREATE TABLE IF NOT EXISTS {db:Identifier}.revoked_sessions
(
    session_id String,
    username   String,
    revoked_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(revoked_at)
ORDER BY session_id
TTL toDateTime(expires_at) + INTERVAL 1 DAY;

-- "Only once" decisions (an appeal filed once per rule and decided once, a settlement version numbered once and
-- signed once) are single-row inserts carrying an insert_deduplication_token named for the decision: of concurrent
-- attempts ClickHouse keeps the first block and drops the rest, and each attempt reads back whose row it was
-- (services/lib/clickhouse/once.ts). Non-replicated tables remember tokens only within this window of inserts.
ALTER TABLE {db:Identifier}.appeals MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE {db:Identifier}.settlements MODIFY SETTING non_replicated_deduplication_window = 10000;

-- A settlement signed despite warnings (open appeals, unreviewed fatal calls, few calls reviewed) keeps them and the
-- signer's reason beside the signature (JSON; empty when there was nothing to override).
ALTER TABLE {db:Identifier}.settlements ADD COLUMN IF NOT EXISTS sign_off String DEFAULT '';

-- Reviews: a confirmed rule's deduction adjusted by the reviewer (the machine's kept here; the decision holds the one
-- that counts), and violations the machine missed (漏检), added with where they are and what was said.
ALTER TABLE {db:Identifier}.reviews ADD COLUMN IF NOT EXISTS adjusted Array(Tuple(rule_id String, machine_deduction Float64));
ALTER TABLE {db:Identifier}.reviews ADD COLUMN IF NOT EXISTS added Array(Tuple(rule_id String, deduction Float64, fatal Bool, start_ms UInt32, end_ms UInt32, quote String, comment String));

-- A call whose corrected CDR moved it into another month leaves a row marked moved in the month it left, so that the
-- dashboards and the queue count it once, in its current month (store.ts retireMovedCalls).
ALTER TABLE {db:Identifier}.call_latest ADD COLUMN IF NOT EXISTS moved Bool DEFAULT false;
