import { z } from 'zod'
import type { Lang as UiLang } from '../../../pipelines/contracts/lang.js'
import { Month, Settlement, SettlementVersion } from '../../../pipelines/contracts/settlement.js'
import { settlementHtml } from '../../../pipelines/settlement/print.js'
import { monthOf, settle } from '../../../pipelines/settlement/settle.js'
import { SettlementStateError } from '../../lib/clickhouse/settlements.js'
import { HttpProblem } from '../../lib/errors.js'
import { settlementCsv, settlementXlsx } from '../../lib/settlement/export.js'
import { loadSettlementPolicy } from '../../lib/settlement/policy.js'
import { claimsOf, Problem, type Api, type RouteDeps } from '../deps.js'

/*
 * The month's settlement for the meeting: a supervisor computes a draft from confirmed violations, looks at it,
 * and signs exactly what they saw (its digest). A signed version is final; a correction is a new draft.
 */

const MonthParam = z.object({ month: Month })
const VersionParams = z.object({ month: Month, version: z.coerce.number().int().min(1) })
const Lang = z.object({ lang: z.enum(['zh', 'en']).default('zh') })
const Summary = SettlementVersion.omit({ settlement: true }).extend({ totals: Settlement.shape.totals })

const EXPORTS = {
  csv: { type: 'text/csv; charset=utf-8', render: (v: SettlementVersion, lang: UiLang) => settlementCsv(v.settlement, lang, v) },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', render: (v: SettlementVersion, lang: UiLang) => settlementXlsx(v.settlement, lang, v) },
}

export function settlementRoutes(app: Api, deps: RouteDeps & { settlementPolicy?: string }): void {
  const { store, allow } = deps
  const version = async (month: string, n: number) => {
    const saved = await store.settlementVersion(month, n)
    if (!saved) throw new HttpProblem(404, `settlement ${month} has no version ${n}`)
    return saved
  }

  app.get(
    '/api/v1/settlements/:month',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['settlement'], params: MonthParam, response: { 200: z.object({ versions: z.array(Summary) }) } } },
    async (request) => ({ versions: (await store.settlementVersions(request.params.month)).map(({ settlement, ...v }) => ({ ...v, totals: settlement.totals })) }),
  )

  app.post(
    '/api/v1/settlements/:month',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['settlement'], params: MonthParam, response: { 201: SettlementVersion } } },
    async (request, reply) => {
      const { month } = request.params
      const current = monthOf(new Date(deps.now()).toISOString())
      if (month > current || month < '2000-01') {
        throw new HttpProblem(400, { zh: `${month} 还没有开始，不能结算（当前是 ${current}）`, en: `${month} has not begun; the current month is ${current}` }, [{ path: '$.month', message: { zh: '不能晚于本月', en: 'not after the current month' } }])
      }
      const { policy, digest } = loadSettlementPolicy(deps.settlementPolicy)
      const settlement = settle({ month, policy, policyDigest: digest, ...(await store.settlementInputs(month)) })
      const saved = await store.saveSettlement(settlement, claimsOf(request).sub)
      await store.appendAudit({ actor: claimsOf(request).sub, action: 'settlement.draft', target: `settlement:${month}:v${saved.version}`, before: null, after: { digest: saved.digest, totals: settlement.totals } })
      return reply.code(201).send(saved)
    },
  )

  app.get(
    '/api/v1/settlements/:month/:version',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['settlement'], params: VersionParams, response: { 200: SettlementVersion, 404: Problem } } },
    async (request) => version(request.params.month, request.params.version),
  )

  app.post(
    '/api/v1/settlements/:month/:version/sign',
    {
      onRequest: allow('supervisor'),
      schema: { tags: ['settlement'], params: VersionParams, body: z.object({ digest: z.string().min(1).max(128) }), response: { 200: SettlementVersion, 404: Problem, 409: Problem } },
    },
    async (request) => {
      const { month, version: n } = request.params
      await version(month, n)
      try {
        return await store.signSettlement(month, n, claimsOf(request).sub, request.body.digest)
      } catch (err) {
        if (err instanceof SettlementStateError) throw new HttpProblem(409, err.message)
        throw err
      }
    },
  )

  // The meeting's printable page and the spreadsheets, in the reader's language.
  app.get(
    '/api/v1/settlements/:month/:version/print',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['settlement'], params: VersionParams, querystring: Lang } },
    async (request, reply) => {
      const saved = await version(request.params.month, request.params.version)
      return reply.type('text/html; charset=utf-8').send(settlementHtml(saved.settlement, request.query.lang, saved))
    },
  )
  app.get(
    '/api/v1/settlements/:month/:version/export.:format',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['settlement'], params: VersionParams.extend({ format: z.enum(['csv', 'xlsx']) }), querystring: Lang } },
    async (request, reply) => {
      const { month, version: n, format } = request.params
      const saved = await version(month, n)
      const { type, render } = EXPORTS[format]
      return reply
        .type(type)
        .header('content-disposition', `attachment; filename="settlement-${saved.month}-v${saved.version}.${format}"`)
        .send(await render(saved, request.query.lang))
    },
  )
}
