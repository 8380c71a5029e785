/*
 * "Only once" decisions without transactions: an appeal filed once per call and rule and decided once, a settlement
 * version number given once and a version signed once. Each is one row inserted with an insert_deduplication_token
 * naming the decision (`appeal-decision:<id>` …) into a table that remembers recent tokens (migration 0009,
 * non_replicated_deduplication_window). ClickHouse keeps the first block with a token and silently drops any later
 * one, under the same lock that adds the part, so of concurrent attempts exactly one row lands; each attempt then
 * reads the decision back and learns whether the row that landed is its own. A check before the insert still
 * refuses the plain second attempt (and any that comes after the window has forgotten the token).
 */

/** Insert settings that let only the first of concurrent attempts at `decision` land. */
export function onlyOnce(decision: string): { clickhouse_settings: { insert_deduplication_token: string } } {
  return { clickhouse_settings: { insert_deduplication_token: decision } }
}
