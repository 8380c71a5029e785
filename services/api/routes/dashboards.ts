import { z } from 'zod'
import { isPanelId, PANEL_IDS, PanelParams, PANELS } from '../../lib/clickhouse/dashboards.js'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, ownAgentId, Problem, type Api, type RouteDeps } from '../deps.js'

/*
 * The monthly meeting's charts: the panel catalogue, and each panel's rows for a month or a date range. An agent
 * gets the same panels over their own calls only.
 */

const PanelInfo = z.object({ id: z.string(), title: z.object({ zh: z.string(), en: z.string() }), description: z.object({ zh: z.string(), en: z.string() }), chart: z.string() })

export function dashboardRoutes(app: Api, { store, allow }: RouteDeps): void {
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
      if (!isPanelId(panel)) throw new HttpProblem(404, `no dashboard panel ${JSON.stringify(panel)}; panels: ${PANEL_IDS.join(', ')}`)
      const params = { ...request.query }
      if (claims.role === 'agent') params.agentId = ownAgentId(claims)
      return { rows: await store.panelData(panel, params) }
    },
  )
}
