import type { ClickHouseClient } from '@clickhouse/client'
import { z } from 'zod'
import { validate } from '../../../pipelines/contracts/validate.js'
import { HttpProblem } from '../errors.js'
import { daysPeriod, MONTH, monthPeriod, type Period } from './period.js'
import { select } from './select.js'

/*
 * The monthly meeting dashboards: each panel's SQL, once, for the web UI (panelData, as rows ready for a chart) and
 * for Grafana (grafana.ts turns the same text into dashboards/grafana/*.json). A query names its inputs only as
 * query parameters, the period always as `fromUnixTimestamp64Milli({fromMs:Int64})` … `({toMs:Int64})`, so that
 * Grafana's $__fromTime_ms / $__toTime_ms can stand in for them.
 *
 * Calls are read from call_latest (migration 0008): one row per call and month, its latest scorecard of the month,
 * so a re-scored call counts once. FINAL inside each month's partition finishes what background merges have not.
 */

export const PanelParams = z
  .object({
    /** A calendar month `YYYY-MM` in Asia/Shanghai; or give `from` and `to`. */
    month: z.string().regex(MONTH, 'a month YYYY-MM').optional(),
    /** First and last day, `YYYY-MM-DD`, inclusive, in Asia/Shanghai. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    teamId: z.string().min(1).optional(),
    /** Only this agent's calls; the API forces it for the agent role. */
    agentId: z.string().min(1).optional(),
    /** How many agents the top and bottom lists hold. */
    limit: z.coerce.number().int().min(1).max(500).default(10),
    /** A call needs review when its score is below this, or when it is fatal. */
    passScore: z.coerce.number().min(0).max(100).default(60),
    /** The speech-rate band of RULES.md (语速 140–160 字/分钟); a centre whose ruleset differs passes its own. */
    bandLow: z.coerce.number().min(0).default(140),
    bandHigh: z.coerce.number().min(0).default(160),
  })
  .refine((p) => (p.month !== undefined) !== (p.from !== undefined || p.to !== undefined), {
    message: 'give either month, or from and to',
  })
  .refine((p) => (p.from === undefined) === (p.to === undefined), { message: 'from and to go together' })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from is after to' })
  .refine((p) => p.bandLow <= p.bandHigh, { message: 'bandLow is above bandHigh' })
export type PanelParams = z.input<typeof PanelParams>

/** The answer-rate target of the centre (客户服务热线平均接通率 > 85%). */
export const ANSWER_RATE_TARGET = 0.85

// Shared fragments. Team and agent filters are always present and empty when unset, so the SQL text is one per panel.
const PERIOD = 'started_at BETWEEN fromUnixTimestamp64Milli({fromMs:Int64}) AND fromUnixTimestamp64Milli({toMs:Int64})'
const FILTERS = "({team:String} = '' OR team_id = {team:String}) AND ({agent:String} = '' OR agent_id = {agent:String})"
const CALLS = '{db:Identifier}.call_latest FINAL'
// A call whose CDR was corrected into another month leaves a row marked moved in the month it left (store.ts).
const CURRENT = 'NOT moved'
const SETTINGS = 'SETTINGS do_not_merge_across_partitions_select_final = 1'
const DAY = 'toDate(started_at)'

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const count = z.number().int().min(0)

function rankedAgents(order: 'DESC' | 'ASC'): string {
  return `
    WITH ranked AS (
      SELECT agent_id, argMax(team_id, started_at) AS team, toUInt32(count()) AS calls, avg(score) AS avg_score
      FROM ${CALLS}
      WHERE ${PERIOD} AND ${FILTERS} AND ${CURRENT}
      GROUP BY agent_id
      ORDER BY avg_score ${order}, calls DESC, agent_id
      LIMIT {limit:UInt32}
    )
    SELECT r.agent_id AS agentId, n.agent_name AS agentName, toString(r.team) AS teamId, r.calls AS calls,
           r.avg_score AS avgScore
    FROM ranked AS r
    LEFT JOIN (
      SELECT agent_id, argMax(agent_name, updated_at) AS agent_name
      FROM {db:Identifier}.calls
      WHERE ${PERIOD} AND agent_id IN (SELECT agent_id FROM ranked)
      GROUP BY agent_id
    ) AS n ON n.agent_id = r.agent_id
    ORDER BY avgScore ${order}, calls DESC, agentId
    ${SETTINGS}`
}

const AgentRow = z.object({ agentId: z.string(), agentName: z.string(), teamId: z.string(), calls: count, avgScore: z.number() })

/** How a chart draws the rows; Grafana's panel types follow from it. */
export type ChartKind = 'histogram' | 'line' | 'pareto' | 'ranking' | 'stacked-bar'

interface PanelDefinition<Row extends z.ZodType> {
  title: { zh: string; en: string }
  description: { zh: string; en: string }
  chart: ChartKind
  /** Parameterised SQL: {db:Identifier}, {fromMs:Int64}, {toMs:Int64}, {team:String}, {agent:String}, and the panel's own. */
  sql: string
  row: Row
}

const panel = <Row extends z.ZodType>(definition: PanelDefinition<Row>) => definition

export const PANELS = {
  'score-distribution': panel({
    title: { zh: '质检得分分布', en: 'Score distribution' },
    description: {
      zh: '每通电话按最新评分计一次，10 分一档（90 档含 100 分）。',
      en: 'Each call once, by its latest scorecard, in 10-point buckets (the 90 bucket holds 100).',
    },
    chart: 'histogram',
    sql: `
      SELECT toUInt8(least(intDiv(toUInt32(floor(score)), 10), 9) * 10) AS bucket, toUInt32(count()) AS calls
      FROM ${CALLS}
      WHERE ${PERIOD} AND ${FILTERS} AND ${CURRENT}
      GROUP BY bucket
      ORDER BY bucket WITH FILL FROM 0 TO 100 STEP 10
      ${SETTINGS}`,
    row: z.object({ bucket: count, calls: count }),
  }),
  'score-trend-team': panel({
    title: { zh: '班组得分趋势', en: 'Score trend by team' },
    description: { zh: '各班组每日平均得分。', en: "Each team's average score per day." },
    chart: 'line',
    sql: `
      SELECT ${DAY} AS day, toString(team_id) AS teamId, toUInt32(count()) AS calls, avg(score) AS avgScore
      FROM ${CALLS}
      WHERE ${PERIOD} AND ${FILTERS} AND ${CURRENT}
      GROUP BY day, teamId
      ORDER BY day, teamId
      ${SETTINGS}`,
    row: z.object({ day, teamId: z.string(), calls: count, avgScore: z.number() }),
  }),
  'score-trend-agent': panel({
    title: { zh: '坐席得分趋势', en: 'Score trend by agent' },
    description: { zh: '各坐席每日平均得分。', en: "Each agent's average score per day." },
    chart: 'line',
    sql: `
      SELECT ${DAY} AS day, toString(team_id) AS teamId, toString(agent_id) AS agentId, toUInt32(count()) AS calls,
             avg(score) AS avgScore
      FROM ${CALLS}
      WHERE ${PERIOD} AND ${FILTERS} AND ${CURRENT}
      GROUP BY day, teamId, agentId
      ORDER BY day, teamId, agentId
      ${SETTINGS}`,
    row: z.object({ day, teamId: z.string(), agentId: z.string(), calls: count, avgScore: z.number() }),
  }),
  'violation-pareto': panel({
    title: { zh: '违规规则排列图', en: 'Violations by rule (Pareto)' },
    description: {
      zh: '每条规则在多少通电话中未通过（按最新评分），从多到少，附累计百分比。',
      en: 'In how many calls each rule failed (latest scorecards), most first, with the cumulative percentage.',
    },
    chart: 'pareto',
    sql: `
      SELECT ruleId, calls,
             100 * sum(calls) OVER (ORDER BY calls DESC, ruleId ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                 / sum(calls) OVER () AS cumulativePct
      FROM (
        SELECT toString(rule) AS ruleId, toUInt32(count()) AS calls
        FROM ${CALLS}
        ARRAY JOIN failed_rules AS rule
        WHERE ${PERIOD} AND ${FILTERS} AND ${CURRENT}
        GROUP BY ruleId
      )
      ORDER BY calls DESC, ruleId
      ${SETTINGS}`,
    row: z.object({ ruleId: z.string(), calls: count, cumulativePct: z.number() }),
  }),
  'top-agents': panel({
    title: { zh: '得分最高坐席', en: 'Top agents' },
    description: { zh: '平均得分最高的坐席及其通话数。', en: 'The agents with the highest average score, with their calls.' },
    chart: 'ranking',
    sql: rankedAgents('DESC'),
    row: AgentRow,
  }),
  'bottom-agents': panel({
    title: { zh: '得分最低坐席', en: 'Bottom agents' },
    description: { zh: '平均得分最低的坐席及其通话数。', en: 'The agents with the lowest average score, with their calls.' },
    chart: 'ranking',
    sql: rankedAgents('ASC'),
    row: AgentRow,
  }),
  'speech-rate-trend': panel({
    title: { zh: '语速趋势', en: 'Speech rate trend' },
    description: {
      zh: '坐席每分钟字数的每日平均值及落在标准区间（默认 140–160）内的通话占比；无法测量的通话不计。',
      en: "Agents' characters per minute, daily average, and the share of calls inside the band (140–160 by default); calls it cannot be measured on are left out.",
    },
    chart: 'line',
    sql: `
      SELECT ${DAY} AS day, toString(team_id) AS teamId, toUInt32(count()) AS calls,
             avg(agent_chars_per_minute) AS avgCharsPerMinute,
             countIf(agent_chars_per_minute BETWEEN {bandLow:Float64} AND {bandHigh:Float64}) / count() AS inBandShare,
             {bandLow:Float64} AS bandLow, {bandHigh:Float64} AS bandHigh
      FROM ${CALLS}
      WHERE ${PERIOD} AND ${FILTERS} AND ${CURRENT} AND agent_chars_per_minute IS NOT NULL
      GROUP BY day, teamId
      ORDER BY day, teamId
      ${SETTINGS}`,
    row: z.object({
      day,
      teamId: z.string(),
      calls: count,
      avgCharsPerMinute: z.number(),
      inBandShare: z.number(),
      bandLow: z.number(),
      bandHigh: z.number(),
    }),
  }),
  'overtalk-trend': panel({
    title: { zh: '抢话趋势', en: 'Overtalk trend' },
    description: {
      zh: '每通电话的平均抢话次数及有抢话的通话占比；单声道录音无法测量，不计。',
      en: 'Overtalks per call and the share of calls with any; mono recordings cannot tell and are left out.',
    },
    chart: 'line',
    sql: `
      SELECT ${DAY} AS day, toString(team_id) AS teamId, toUInt32(count()) AS calls,
             avg(overtalk_count) AS overtalksPerCall, countIf(overtalk_count > 0) / count() AS callsWithOvertalkShare
      FROM ${CALLS}
      WHERE ${PERIOD} AND ${FILTERS} AND ${CURRENT} AND overtalk_count IS NOT NULL
      GROUP BY day, teamId
      ORDER BY day, teamId
      ${SETTINGS}`,
    row: z.object({ day, teamId: z.string(), calls: count, overtalksPerCall: z.number(), callsWithOvertalkShare: z.number() }),
  }),
  'review-backlog': panel({
    title: { zh: '待复核积压', en: 'Review backlog' },
    description: {
      zh: '最新评分为致命或低于合格分的通话中，尚无质检复核（kind = qa）的数量，按通话日期和班组。',
      en: 'Calls whose latest scorecard is fatal or below the pass score, and how many of them have no QA review yet, by call day and team.',
    },
    chart: 'stacked-bar',
    sql: `
      SELECT ${DAY} AS day, toString(team_id) AS teamId, toUInt32(count()) AS needingReview,
             toUInt32(countIf(call_id IN (
               SELECT call_id FROM {db:Identifier}.reviews WHERE kind = 'qa' AND ${PERIOD}
             ))) AS reviewed,
             toUInt32(needingReview - reviewed) AS backlog
      FROM ${CALLS}
      WHERE ${PERIOD} AND ${FILTERS} AND ${CURRENT} AND (fatal OR score < {passScore:Float64})
      GROUP BY day, teamId
      ORDER BY day, teamId
      ${SETTINGS}`,
    row: z.object({ day, teamId: z.string(), needingReview: count, reviewed: count, backlog: count }),
  }),
  'answer-rate': panel({
    title: { zh: '接通率', en: 'Answer rate' },
    description: {
      zh: '每日呼入接通率（目标 > 85%）。只有 CDR 数据含未接通话时才能计算；当天没有未接通话记录时显示为空，而不是 100%。',
      en: 'Daily answer rate (target > 85%). Only a CDR feed with unanswered calls can tell it; a day without any unanswered call in the feed shows empty, not 100%.',
    },
    chart: 'line',
    sql: `
      SELECT ${DAY} AS day, toUInt32(count()) AS offered, toUInt32(countIf(c.answered)) AS answered,
             toUInt32(offered - answered) AS unanswered,
             if(unanswered = 0, NULL, answered / offered) AS answerRate
      FROM {db:Identifier}.cdrs AS c FINAL
      WHERE ${PERIOD} AND ${FILTERS}
      GROUP BY day
      ORDER BY day
      ${SETTINGS}`,
    row: z.object({ day, offered: count, answered: count, unanswered: count, answerRate: z.number().nullable() }),
  }),
} satisfies Record<string, PanelDefinition<z.ZodType>>

export type PanelId = keyof typeof PANELS
export const PANEL_IDS = Object.keys(PANELS) as PanelId[]
export type PanelRows<P extends PanelId> = Array<z.output<(typeof PANELS)[P]['row']>>

export function isPanelId(id: string): id is PanelId {
  return Object.hasOwn(PANELS, id)
}

/** The query parameters of a panel's SQL for these (already valid) parameters. */
export function queryParams(db: string, params: z.output<typeof PanelParams>): Record<string, unknown> {
  const period: Period = params.month !== undefined ? monthPeriod(params.month) : daysPeriod(params.from!, params.to!)
  return {
    db,
    ...period,
    team: params.teamId ?? '',
    agent: params.agentId ?? '',
    limit: params.limit,
    passScore: params.passScore,
    bandLow: params.bandLow,
    bandHigh: params.bandHigh,
  }
}

/**
 * One panel's rows, ready for a chart. An unknown panel is a 404 and bad parameters a 400 (HttpProblem naming them).
 */
export async function panelData<P extends PanelId>(
  client: ClickHouseClient,
  db: string,
  panelId: P,
  params: PanelParams,
): Promise<PanelRows<P>> {
  if (!isPanelId(panelId)) throw new HttpProblem(404, `no dashboard panel ${JSON.stringify(panelId)}; panels: ${PANEL_IDS.join(', ')}`)
  const parsed = validate(PanelParams, params)
  if (!parsed.ok) throw new HttpProblem(400, { zh: `报表 ${panelId} 的参数有误`, en: `dashboard panel ${panelId}: invalid parameters` }, parsed.problems)
  const definition: PanelDefinition<z.ZodType> = PANELS[panelId]
  const result = await client.query({ query: definition.sql, query_params: queryParams(db, parsed.value), format: 'JSONEachRow' })
  return z.array(definition.row).parse(await result.json()) as PanelRows<P>
}

/**
 * The calendar months (`YYYY-MM`, Asia/Shanghai) that have calls, oldest first; only one agent's with `agentId`.
 * Partition keys of call_latest, so it costs next to nothing however many calls there are.
 */
export async function monthsWithCalls(client: ClickHouseClient, db: string, agentId?: string): Promise<string[]> {
  const rows = await select(
    client,
    z.object({ month: z.string().regex(MONTH) }),
    `SELECT DISTINCT formatDateTime(started_at, '%Y-%m') AS month FROM {db:Identifier}.call_latest
     WHERE ({agent:String} = '' OR agent_id = {agent:String}) ORDER BY month`,
    { db, agent: agentId ?? '' },
  )
  return rows.map((r) => r.month)
}
