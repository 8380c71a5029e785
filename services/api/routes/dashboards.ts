import { z } from 'zod'
import { isPanelId, PANEL_IDS, PanelParams, PANELS } from '../../lib/clickhouse/dashboards.js'
import { shanghaiDay, suggestedMonth } from '../../lib/clickhouse/period.js'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, ownAgentId, Problem, type Api, type RouteDeps } from '../deps.js'

/*
 * The monthly meeting's charts: the panel catalogue, and each panel's rows for a month or a date range. An agent
 * gets the same panels over their own calls only. The calendar tells the pages which month to open on: on the 1st
 * of a month the current month is all but empty, and a user most likely wants the month before.
 */

const PanelInfo = z.object({ id: z.string(), title: z.object({ zh: z.string(), en: z.string() }), description: z.object({ zh: z.string(), en: z.string() }), chart: z.string() })

const Calendar = z.object({
  /** Today in Asia/Shanghai, `YYYY-MM-DD`. */
  today: z.string(),
  /** The months with calls (the caller's own, for an agent), oldest first. */
  months: z.array(z.string()),
  /** The month to open on, and why: see suggestedMonth. */
  suggested: z.object({ month: z.string(), reason: z.enum(['current', 'early-in-month', 'current-empty', 'no-earlier-data']) }),
})

export function dashboardRoutes(app: Api, { store, allow, now }: RouteDeps): void {
  app.get(
    '/api/v1/calendar',
    { onRequest: allow('agent', 'inspector', 'supervisor', 'admin'), schema: { tags: ['dashboards'], response: { 200: Calendar } } },
    async (request) => {
      const claims = claimsOf(request)
      const months = await store.monthsWithCalls(claims.role === 'agent' ? ownAgentId(claims) : undefined)
      const at = now()
      return { today: shanghaiDay(at), months, suggested: suggestedMonth(months, at) }
    },
  )

  app.get(
    '/api/v1/dashboards',
    { onRequest: allow('agent', 'inspector', 'supervisor', 'admin'), schema: { tags: ['dashboards'], response: { 200: z.object({ panels: z.array(PanelInfo) }) } } },
    async () => ({ panels: PANEL_IDS.map((id) => ({ id, title: PANELS[id].title, description: PANELS[id].description, chart: PANELS[id].chart })) }),
  )

  app.get(
    '/api/v1/dashboards/:panel',
    {
      onRequest: allow('agent', 'inspector', 'supervisor', 'admin'),
      schema: {
        tags: ['dashboards'],
        params: z.object({ panel: z.string().max(100) }),
        querystring: PanelParams,
        response: { 200: z.object({ rows: z.union(PANEL_IDS.map((id) => z.array(PANELS[id].row))) }), 404: Problem },
      },
    },
    async (request) => {
      const claims = claimsOf(request)
      const { panel } = request.params
      if (!isPanelId(panel)) throw new HttpProblem(404, { zh: `没有报表 ${JSON.stringify(panel)}；可用：${PANEL_IDS.join('、')}`, en: `no dashboard panel ${JSON.stringify(panel)}; panels: ${PANEL_IDS.join(', ')}` })
      const params = { ...request.query }
      if (claims.role === 'agent') params.agentId = ownAgentId(claims)
      return { rows: await store.panelData(panel, params) }
    },
  )
}
