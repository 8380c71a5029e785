import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { insertRowBytes } from './client.js'
import { RULE_RESULT_COLUMNS, SCORECARD_COLUMNS, type EpochMs, type ScorecardRows } from './rows.js'

/*
 * What `callqa rescore` reads and writes: archived calls page by page (in call_id order, so a page is a primary-key
 * range of every table), skipping the calls that already have a scorecard of the target ruleset version, and the
 * comparison of two ruleset versions' scorecards. Every value goes through query_params.
 */

export interface RescoreRange {
  /** Calls that started in [fromMs, toMs). */
  fromMs: EpochMs
  toMs: EpochMs
}

export interface RulesetRef {
  id: string
  version: number
}

const IN_RANGE = 'started_at >= fromUnixTimestamp64Milli({fromMs:Int64}) AND started_at < fromUnixTimestamp64Milli({toMs:Int64})'

const CountsRow = z.object({ calls: z.number(), done: z.number() })

/** Calls in the range, and how many of them already have a scorecard of the ruleset version (for the progress bar). */
export async function rescoreCounts(client: ClickHouseClient, db: string, range: RescoreRange, target: RulesetRef): Promise<z.infer<typeof CountsRow>> {
  const result = await client.query({
    query: `SELECT toUInt32((SELECT uniqExact(call_id) FROM {db:Identifier}.calls WHERE ${IN_RANGE})) AS calls,
                   toUInt32((SELECT uniqExact(call_id) FROM {db:Identifier}.scorecards
                             WHERE ${IN_RANGE} AND ruleset_id = {rulesetId:String} AND ruleset_version = {rulesetVersion:UInt32})) AS done`,
    query_params: { db, ...range, rulesetId: target.id, rulesetVersion: target.version },
    format: 'JSONEachRow',
  })
  const [row] = z.array(CountsRow).parse(await result.json())
  return row ?? { calls: 0, done: 0 }
}

const PageRow = z.object({ calls: z.number(), last: z.string() })

/**
 * The next page: up to `limit` calls of the range after call id `after`, as the page's last call id (undefined at the
 * end). Reading in primary-key order with a limit touches only the page's granules.
 */
export async function nextPage(client: ClickHouseClient, db: string, range: RescoreRange, after: string, limit: number): Promise<string | undefined> {
  const result = await client.query({
    query: `SELECT toUInt32(count()) AS calls, max(call_id) AS last
            FROM (SELECT DISTINCT call_id FROM {db:Identifier}.calls
                  WHERE call_id > {after:String} AND ${IN_RANGE} ORDER BY call_id LIMIT {limit:UInt32})`,
    query_params: { db, ...range, after, limit },
    format: 'JSONEachRow',
  })
  const [row] = z.array(PageRow).parse(await result.json())
  return row && row.calls > 0 ? row.last : undefined
}

/**
 * The calls of a page (call_id in (after, last]) still without a scorecard of `target`, one StoredCallRow per line
 * (NDJSON bytes, for the scoring threads to parse). Each call is its newest `calls` row with the utterances of that
 * same version, so a re-transcription's leftover utterances of an older version are not mixed in.
 */
export async function storedCallsNdjson(
  client: ClickHouseClient,
  db: string,
  page: RescoreRange & { after: string; last: string },
  target: RulesetRef,
): Promise<Buffer> {
  const inPage = 'call_id > {after:String} AND call_id <= {last:String}'
  const result = await client.exec({
    query: `
      WITH
        latest AS (
          SELECT call_id, hotline, agent_id, agent_name, team_id, direction, started_at,
                 toFloat64(toUnixTimestamp64Milli(started_at)) AS started_ms, ring_seconds, duration_seconds, hangup_by,
                 customer_number, recording_uri, recording_channels, asr_engine, asr_model, agent_max_dbfs,
                 customer_max_dbfs, speaker_roles, updated_at
          FROM {db:Identifier}.calls
          WHERE ${inPage}
          ORDER BY call_id, updated_at DESC
          LIMIT 1 BY call_id
        ),
        todo AS (
          SELECT * FROM latest
          WHERE ${IN_RANGE}
            AND call_id NOT IN (SELECT call_id FROM {db:Identifier}.scorecards
                                WHERE ${inPage} AND ruleset_id = {rulesetId:String} AND ruleset_version = {rulesetVersion:UInt32})
        ),
        said AS (
          SELECT call_id, updated_at,
                 arraySort(u -> u.1, groupArray(CAST((idx, speaker, start_ms, end_ms, text), 'Tuple(UInt32, String, UInt32, UInt32, String)'))) AS utterances
          FROM {db:Identifier}.utterances
          WHERE ${inPage} AND call_id IN (SELECT call_id FROM todo)
          GROUP BY call_id, updated_at
        )
      SELECT t.call_id AS call_id, hotline, agent_id, agent_name, team_id, direction, started_ms, ring_seconds,
             duration_seconds, hangup_by, customer_number, recording_uri, recording_channels, asr_engine, asr_model,
             agent_max_dbfs, customer_max_dbfs, speaker_roles, s.utterances AS utterances
      FROM todo AS t
      LEFT JOIN said AS s ON s.call_id = t.call_id AND s.updated_at = t.updated_at
      ORDER BY t.call_id
      FORMAT JSONEachRow`,
    query_params: { db, ...page, rulesetId: target.id, rulesetVersion: target.version },
  })
  const chunks: Buffer[] = []
  for await (const chunk of result.stream as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/**
 * Inserts scorecard rows built by the scoring threads, through the input tables (migration 0012); rule results
 * first, for the reason store.ts gives.
 */
export async function insertScorecardRows(client: ClickHouseClient, db: string, rows: ScorecardRows): Promise<void> {
  await insertRowBytes(client, db, 'rule_results_input', { format: 'JSONCompactEachRow', columns: RULE_RESULT_COLUMNS, bytes: rows.ruleResults })
  await insertRowBytes(client, db, 'scorecards_input', { format: 'JSONCompactEachRow', columns: SCORECARD_COLUMNS, bytes: rows.scorecards })
}

// Diff of two ruleset versions over the calls scored by both. Each side is deduplicated to one row per call (and per
// rule), the newest scored_at, since merges are eventual and a resumed run may have written a call twice.

export const RuleChangeRow = z.object({ ruleId: z.string(), from: z.string(), to: z.string(), calls: z.number() })
export const AgentChangeRow = z.object({
  agentId: z.string(),
  teamId: z.string(),
  calls: z.number(),
  avgBefore: z.number(),
  avgAfter: z.number(),
  changed: z.number(),
})
export const CoverageRow = z.object({ both: z.number(), onlyFrom: z.number(), onlyTo: z.number() })

export interface RulesetDiffRows {
  coverage: z.infer<typeof CoverageRow>
  /** Every (rule, outcome before, outcome after) over the calls scored by both; `off` where a version lacks the rule. */
  rules: Array<z.infer<typeof RuleChangeRow>>
  agents: Array<z.infer<typeof AgentChangeRow>>
}

function sides(range: RescoreRange | undefined): string {
  const inRange = range ? `AND ${IN_RANGE}` : ''
  const version = (side: 'from' | 'to') => `ruleset_id = {${side}Id:String} AND ruleset_version = {${side}Version:UInt32} ${inRange}`
  const cards = (side: 'from' | 'to') => `
    ${side}_cards AS (
      SELECT call_id, argMax(agent_id, scored_at) AS agent_id, argMax(team_id, scored_at) AS team_id,
             argMax(score, scored_at) AS score
      FROM {db:Identifier}.scorecards WHERE ${version(side)}
      GROUP BY call_id
    )`
  const rules = (side: 'from' | 'to') => `
    ${side}_rules AS (
      SELECT call_id, rule_id, argMax(outcome, scored_at) AS outcome
      FROM {db:Identifier}.rule_results WHERE ${version(side)} AND call_id IN (SELECT call_id FROM both)
      GROUP BY call_id, rule_id
    )`
  return `WITH ${cards('from')}, ${cards('to')},
    both AS (SELECT call_id FROM from_cards WHERE call_id IN (SELECT call_id FROM to_cards)), ${rules('from')}, ${rules('to')},
    changes AS (
      SELECT if(f.rule_id = '', t.rule_id, f.rule_id) AS rule_id, if(f.call_id = '', t.call_id, f.call_id) AS call_id,
             if(f.outcome = '', 'off', f.outcome) AS before, if(t.outcome = '', 'off', t.outcome) AS after
      FROM from_rules AS f FULL OUTER JOIN to_rules AS t ON f.call_id = t.call_id AND f.rule_id = t.rule_id
    )`
}

export async function rulesetDiff(
  client: ClickHouseClient,
  db: string,
  from: RulesetRef,
  to: RulesetRef,
  range: RescoreRange | undefined,
): Promise<RulesetDiffRows> {
  const params = { db, ...range, fromId: from.id, fromVersion: from.version, toId: to.id, toVersion: to.version }
  const select = async <T extends z.ZodType>(row: T, tail: string): Promise<Array<z.output<T>>> => {
    const result = await client.query({ query: `${sides(range)}\n${tail}`, query_params: params, format: 'JSONEachRow' })
    return z.array(row).parse(await result.json())
  }
  const [coverage] = await select(
    CoverageRow,
    `SELECT toUInt32((SELECT count() FROM both)) AS both,
            toUInt32((SELECT count() FROM from_cards) - both) AS onlyFrom,
            toUInt32((SELECT count() FROM to_cards) - both) AS onlyTo`,
  )
  const rules = await select(
    RuleChangeRow,
    `SELECT rule_id AS ruleId, before AS from, after AS to, toUInt32(count()) AS calls
     FROM changes GROUP BY ruleId, from, to ORDER BY ruleId, from, to`,
  )
  const agents = await select(
    AgentChangeRow,
    `SELECT f.agent_id AS agentId, f.team_id AS teamId, toUInt32(count()) AS calls,
            avg(f.score) AS avgBefore, avg(t.score) AS avgAfter,
            toUInt32(countIf(f.score != t.score OR f.call_id IN (SELECT call_id FROM changes WHERE before != after))) AS changed
     FROM from_cards AS f INNER JOIN to_cards AS t ON t.call_id = f.call_id
     GROUP BY agentId, teamId ORDER BY teamId, agentId`,
  )
  return { coverage: coverage ?? { both: 0, onlyFrom: 0, onlyTo: 0 }, rules, agents }
}
