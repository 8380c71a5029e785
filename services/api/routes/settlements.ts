import { z } from 'zod'
import type { Lang as UiLang } from '../../../pipelines/contracts/lang.js'
import { Month, Settlement, SettlementVersion, SignOffWarning } from '../../../pipelines/contracts/settlement.js'
import { settlementHtml } from '../../../pipelines/settlement/print.js'
import { SHEET_LABELS } from '../../../pipelines/settlement/sheet.js'
import { monthOf, settle, signOffWarnings } from '../../../pipelines/settlement/settle.js'
import { settlementDigest, SettlementStateError } from '../../lib/clickhouse/settlements.js'
import { HttpProblem } from '../../lib/errors.js'
import { settlementCsv, settlementXlsx } from '../../lib/settlement/export.js'
import { loadSettlementPolicy } from '../../lib/settlement/policy.js'
import { claimsOf, Problem, type Api, type RouteDeps } from '../deps.js'
import { say } from '../i18n.js'

/*
 * The month's settlement for the meeting: a supervisor computes a draft from confirmed violations, looks at it,
 * and signs exactly what they saw (its digest). A signed version is final; a correction is a new draft.
 */

const MonthParam = z.object({ month: Month })
const VersionParams = z.object({ month: Month, version: z.coerce.number().int().min(1) })
const Lang = z.object({ lang: z.enum(['zh', 'en']).default('zh') })
const Summary = SettlementVersion.omit({ settlement: true }).extend({ totals: Settlement.shape.totals })
/** A version with what signing it would have to override. */
const Shown = SettlementVersion.extend({ warnings: z.array(SignOffWarning) })
const Sign = z.object({
  /** The digest of the version the signer was shown. */
  digest: z.string().min(1).max(128),
  /** Needed when the version has warnings: why it is right to sign anyway (audited). */
  override: z.object({ reason: z.string().trim().min(10, { error: say('签发说明至少 10 个字', 'at least 10 characters') }).max(1000) }).optional(),
})

const EXPORTS = {
  csv: { type: 'text/csv; charset=utf-8', render: (v: SettlementVersion, lang: UiLang) => settlementCsv(v.settlement, lang, v) },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', render: (v: SettlementVersion, lang: UiLang) => settlementXlsx(v.settlement, lang, v) },
}

export function settlementRoutes(app: Api, deps: RouteDeps & { settlementPolicy?: string }): void {
  const { store, allow } = deps
  const version = async (month: string, n: number) => {
    const saved = await store.settlementVersion(month, n)
    if (!saved) throw new HttpProblem(404, { zh: `${month} 的结算没有第 ${n} 版`, en: `settlement ${month} has no version ${n}` })
    return saved
  }

  app.get(
    '/api/v1/settlements/:month',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['settlement'], params: MonthParam, response: { 200: z.object({ versions: z.array(Summary) }) } } },
    async (request) => ({ versions: (await store.settlementVersions(request.params.month)).map(({ settlement, ...v }) => ({ ...v, totals: settlement.totals })) }),
  )

  // The month as the store holds it now, under the current policy.
  const compute = async (month: string) => {
    const { policy, digest } = loadSettlementPolicy(deps.settlementPolicy)
    return settle({ month, policy, policyDigest: digest, ...(await store.settlementInputs(month)) })
  }

  app.post(
    '/api/v1/settlements/:month',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['settlement'], params: MonthParam, response: { 201: Shown, 400: Problem } } },
    async (request, reply) => {
      const { month } = request.params
      const current = monthOf(new Date(deps.now()).toISOString())
      if (month > current || month < '2000-01') {
        throw new HttpProblem(400, { zh: `${month} 还没有开始，不能结算（当前是 ${current}）`, en: `${month} has not begun; the current month is ${current}` }, [{ path: '$.month', message: { zh: '不能晚于本月', en: 'not after the current month' } }])
      }
      const settlement = await compute(month)
      const saved = await store.saveSettlement(settlement, claimsOf(request).sub)
      await store.appendAudit({ actor: claimsOf(request).sub, action: 'settlement.draft', target: `settlement:${month}:v${saved.version}`, before: null, after: { digest: saved.digest, totals: settlement.totals } })
      return reply.code(201).send({ ...saved, warnings: signOffWarnings(settlement) })
    },
  )

  app.get(
    '/api/v1/settlements/:month/:version',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['settlement'], params: VersionParams, response: { 200: Shown, 404: Problem } } },
    async (request) => {
      const saved = await version(request.params.month, request.params.version)
      return { ...saved, warnings: signOffWarnings(saved.settlement) }
    },
  )

  /*
   * Signing: only a draft that still matches the month as it stands (a decided appeal or a new review since the draft
   * changes the pay it shows: draft again), and, while it has warnings (open appeals, unreviewed fatal calls, few
   * calls reviewed), only with an override that says why; the warnings and the reason are kept with the signature.
   */
  app.post(
    '/api/v1/settlements/:month/:version/sign',
    {
      onRequest: allow('supervisor'),
      schema: { tags: ['settlement'], params: VersionParams, body: Sign, response: { 200: SettlementVersion, 404: Problem, 409: Problem } },
    },
    async (request) => {
      const { month, version: n } = request.params
      const saved = await version(month, n)
      if (saved.status === 'draft') {
        if (settlementDigest(await compute(month)) !== saved.digest) {
          throw new HttpProblem(409, { zh: '生成草稿后本月数据已有变化（如申诉已裁决、有新的复核），请重新生成草稿并核对', en: "the month's data changed since this draft (an appeal decided, a new review…); draft it again and check it" })
        }
      }
      const warnings = signOffWarnings(saved.settlement)
      const reason = request.body.override?.reason
      if (saved.status === 'draft' && warnings.length > 0 && reason === undefined) {
        throw new HttpProblem(
          409,
          { zh: '本月结算有待处理的事项；确需现在签发，请填写签发说明', en: 'this settlement has open issues; to sign it anyway, give a reason (override)' },
          warnings.map((w) => ({ path: '$.override', message: { zh: SHEET_LABELS.zh.warning(w), en: SHEET_LABELS.en.warning(w) } })),
        )
      }
      try {
        return await store.signSettlement(month, n, claimsOf(request).sub, request.body.digest, warnings.length > 0 && reason !== undefined ? { warnings, reason } : null)
      } catch (err) {
        if (err instanceof SettlementStateError) throw new HttpProblem(409, err.said)
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
