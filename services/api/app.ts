import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { RULE_NAMES } from '../../pipelines/contracts/rule-names.js'
import { PRINT_STYLE } from '../../pipelines/settlement/print.js'
import type { SamplingPolicy } from '../lib/clickhouse/queue.js'
import type { Store } from '../lib/clickhouse/store.js'
import { HttpProblem } from '../lib/errors.js'
import type { Guard, RouteDeps } from './deps.js'
import { inLang, langOf, problemsInLang, zodMessageZh } from './i18n.js'
import { documentRoute } from './openapi.js'
import { calibrationRoutes } from './routes/calibrations.js'
import { callRoutes } from './routes/calls.js'
import { dashboardRoutes } from './routes/dashboards.js'
import { reviewRoutes } from './routes/reviews.js'
import { sessionRoutes } from './routes/session.js'
import { settlementRoutes } from './routes/settlements.js'
import { userRoutes } from './routes/users.js'
import { authenticator } from './sessions.js'
import { ROLES } from './tokens.js'

/*
 * The QA workspace: the JSON API under /api/v1 (OpenAPI at /api/docs), and the web UI of dashboards/web at /.
 * `buildApiApp` builds the app and `callqa serve` listens; tests use app.inject(). Every route names the roles it
 * admits; an agent sees only their own calls; caller numbers are masked for everyone but admins; every human
 * decision is audited; sign-ins are throttled, sessions can be ended, and failed sign-ins, denials and errors are
 * logged.
 */

export interface ApiOptions {
  store: Store
  /** Signs bearer tokens; at least 32 characters. */
  secret: string
  /** The only folder whose recordings are served. */
  recordingsDir: string
  sampling: SamplingPolicy
  /** The settlement policy file; the default policy when absent. */
  settlementPolicy?: string
  now?: () => number
  /** Where failed sign-ins, denials and server errors are logged (pino); nothing is logged without one. */
  logger?: FastifyBaseLogger
  /** Fastify's trustProxy, for the client's address behind a reverse proxy (sign-in throttling goes by it). */
  trustProxy?: boolean | string
}

// Beside this module's folder both in the sources and in dist/ (scripts/copy-assets.mjs copies the web UI).
const WEB_DIR = fileURLToPath(new URL('../../dashboards/web/', import.meta.url))
const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js')

// The UI is plain modules from this server: nothing inline, nothing from elsewhere, never inside another site's
// frame. The printable settlement opens from a blob and keeps this policy, so its one inline style is admitted by
// its hash.
const PRINT_STYLE_HASH = `'sha256-${createHash('sha256').update(PRINT_STYLE).digest('base64')}'`
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", PRINT_STYLE_HASH],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

// A surrogate half without its other half is not text; ClickHouse would refuse it deep inside an insert.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function brokenText(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined
  if (Array.isArray(value)) return value.reduce<string | undefined>((found, v, i) => found ?? brokenText(v, `${path}[${i}]`), undefined)
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = LONE_SURROGATE.test(k) ? `${path}.${k}` : brokenText(v, `${path}.${k}`)
      if (found) return found
    }
  }
  return undefined
}

export async function buildApiApp(opts: ApiOptions): Promise<FastifyInstance> {
  if (opts.secret.length < 32) throw new Error('the API secret must be at least 32 characters')
  const now = opts.now ?? Date.now
  const app = Fastify({
    bodyLimit: 64 * 1024,
    // Call ids are up to 200 characters, percent-encoded in the path.
    routerOptions: { maxParamLength: 2048 },
    // No line per request: what is worth reading (denials, failed sign-ins, errors) is logged by the hooks below.
    logController: new LogController({ disableRequestLogging: true }),
    loggerInstance: opts.logger,
    trustProxy: opts.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  app.setErrorHandler((err, request, reply) => {
    const lang = langOf(request)
    if (hasZodFastifySchemaValidationErrors(err)) {
      const problems = err.validation.map((v) => ({
        path: `$${v.instancePath.replaceAll('/', '.')}`,
        message: lang === 'zh' ? zodMessageZh({ keyword: v.keyword, message: v.message, params: v.params as Record<string, unknown> }) : (v.message ?? 'invalid'),
      }))
      return reply.code(400).send({ error: lang === 'zh' ? '请求内容有误' : 'invalid request', problems })
    }
    if (err instanceof HttpProblem) {
      const error = err.said ? err.said[lang] : inLang(err.message, lang)
      return reply.code(err.statusCode).send({ error, ...(err.problems.length > 0 && { problems: problemsInLang(err.problems, lang) }) })
    }
    // Fastify's own 4xx (a body too large, not JSON, a bad content type, a rate limit): said plainly, no internal codes.
    const status = (err as { statusCode?: number }).statusCode
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: plain(status, lang, reply.getHeader('retry-after')) })
    request.log.error({ err, method: request.method, route: request.routeOptions.url, user: request.claims?.sub }, 'request failed')
    return reply.code(500).send({ error: lang === 'zh' ? '服务器内部错误，已记录，请稍后再试或联系管理员' : 'internal error (logged)' })
  })
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: plain(404, langOf(request), undefined) }))

  // Every answer under /api is personal or a credential: nothing may keep a copy. Strings with a lone surrogate
  // are refused where they come in.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
  })
  app.addHook('preValidation', async (request) => {
    const where = brokenText(request.body, '$') ?? brokenText(request.query, '$') ?? brokenText(request.params, '$')
    if (where) throw new HttpProblem(400, { zh: '请求内容有误', en: 'invalid request' }, [{ path: where, message: { zh: '含有无效字符（不成对的 UTF-16 代理项）', en: 'contains an invalid character (a lone UTF-16 surrogate)' } }])
  })
  // Denials and throttling are what an attack looks like: they are logged with who and from where.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401 || reply.statusCode === 403 || reply.statusCode === 429) {
      request.log.warn({ event: 'denied', status: reply.statusCode, method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0], user: request.claims?.sub, ip: request.ip }, 'request denied')
    }
  })

  // Before the rate limiter's own onRoute hook, which gives sign-in an onRequest hook: documentRoute tells the routes
  // that need a token by their onRequest guard.
  app.addHook('onRoute', documentRoute)
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CSP }, referrerPolicy: { policy: 'no-referrer' } })
  await app.register(rateLimit, { global: false })
  await app.register(swagger, {
    openapi: {
      info: { title: 'callqa QA workspace API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  })
  // The API docs' viewer sets inline styles as it renders: allowed there (styles only, scripts stay 'self').
  await app.register(swaggerUi, { routePrefix: '/api/docs', transformStaticCSP: (header) => header.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'") })

  const authenticate = authenticator(opts.store, opts.secret, now)
  const allow: Guard =
    (...roles) =>
    async (request: FastifyRequest) => {
      await authenticate(request, roles)
    }
  const signedIn = async (request: FastifyRequest) => {
    await authenticate(request, ROLES, { duringPasswordChange: true })
  }
  const deps: RouteDeps = { store: opts.store, allow, signedIn, secret: opts.secret, now, recordingsDir: opts.recordingsDir, sampling: opts.sampling }
  sessionRoutes(app, deps)
  userRoutes(app, deps)
  callRoutes(app, deps)
  reviewRoutes(app, deps)
  calibrationRoutes(app, deps)
  dashboardRoutes(app, deps)
  settlementRoutes(app, { ...deps, settlementPolicy: opts.settlementPolicy })

  await app.register(fastifyStatic, { root: WEB_DIR, index: 'index.html' })
  // The rule names the UI shows, from the one table the exports use too.
  app.get('/js/rule-names.js', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(`// pipelines/contracts/rule-names.ts\nexport const RULE_NAMES = ${JSON.stringify(RULE_NAMES)}\n`),
  )
  app.get('/vendor/echarts.min.js', { schema: { hide: true } }, (_request, reply) => reply.sendFile('echarts.min.js', ECHARTS.slice(0, -'echarts.min.js'.length)))
  return app
}

function plain(status: number, lang: 'zh' | 'en', retryAfter: unknown): string {
  const zh: Record<number, string> = { 400: '请求内容有误（不是有效的 JSON，或格式不对）', 404: '没有这个地址', 405: '不支持这种请求', 413: '请求内容太大', 415: '不支持这种内容类型', 429: `请求太频繁，请 ${String(retryAfter ?? 60)} 秒后再试` }
  const en: Record<number, string> = { 400: 'bad request (not valid JSON, or malformed)', 404: 'not found', 405: 'method not allowed', 413: 'request body too large', 415: 'unsupported content type', 429: `too many requests; try again in ${String(retryAfter ?? 60)} s` }
  return (lang === 'zh' ? zh : en)[status] ?? (lang === 'zh' ? '请求有误' : 'bad request')
}
