-- The monthly reward/penalty settlement (RULES.md "奖优罚劣"): the events it needs that no call holds, and every
-- version of every month's settlement.
--
-- Complaints against an agent and customers' praise of one, recorded by people (callqa settle events import). The
-- newest row per event_id wins; an event recorded by mistake is withdrawn by a newer row, never deleted.
CREATE TABLE IF NOT EXISTS {db:Identifier}.settlement_events
(
    event_id    String,
    kind        LowCardinality(String),
    agent_id    String,
    team_id     LowCardinality(String),
    occurred_at DateTime64(3, 'Asia/Shanghai'),
    call_id     String,
    note        String,
    recorded_by String,
    withdrawn   Bool,
    recorded_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY event_id;

-- A month's settlement, version by version: computed as a draft, then signed by a supervisor. Append-only (a plain
-- MergeTree, like audit_log): a signature is a second row of the same version carrying the same settlement, so no
-- merge can ever replace what was signed. A correction is the next version, signed again. `digest` is the SHA-256
-- of `settlement` (its JSON): what a signer saw is what they signed.
CREATE TABLE IF NOT EXISTS {db:Identifier}.settlements
(
    month          String,
    version        UInt32,
    status         LowCardinality(String),
    policy_id      String,
    policy_version UInt32,
    policy_digest  String,
    digest         String,
    settlement     String,
    total_fines    Float64,
    total_rewards  Float64,
    agents         UInt32,
    created_by     String,
    created_at     DateTime64(3, 'UTC'),
    signed_by      String,
    signed_at      Nullable(DateTime64(3, 'UTC'))
)
ENGINE = MergeTree
ORDER BY (month, version);
