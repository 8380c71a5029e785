-- People who use the workspace. The newest row per username wins (a password change or a role change is a new row).
CREATE TABLE IF NOT EXISTS {db:Identifier}.users
(
    username      String,
    display_name  String,
    role          LowCardinality(String),
    agent_id      Nullable(String),
    password_hash String,
    disabled      Bool,
    updated_at    DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY username;

-- Every human decision, appended and never changed: who did what to which object, when, and the state before and
-- after (JSON). A plain MergeTree: nothing replaces or merges rows away.
CREATE TABLE IF NOT EXISTS {db:Identifier}.audit_log
(
    at      DateTime64(3, 'UTC'),
    actor   String,
    action  LowCardinality(String),
    target  String,
    before  String,
    after   String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, actor);
