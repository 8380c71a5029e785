import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { SamplingPolicy } from '../lib/clickhouse/queue.js'
import type { Store } from '../lib/clickhouse/store.js'
import { HttpProblem } from '../lib/errors.js'
import type { Guard, RouteDeps } from './deps.js'
import { documentRoute } from './openapi.js'
import { calibrationRoutes } from './routes/calibrations.js'
import { callRoutes } from './routes/calls.js'
import { dashboardRoutes } from './routes/dashboards.js'
import { reviewRoutes } from './routes/reviews.js'
import { sessionRoutes } from './routes/session.js'
import { settlementRoutes } from './routes/settlements.js'
import { userRoutes } from './routes/users.js'
import { readToken } from './tokens.js'

/*
 * The QA workspace: the JSON API under /api/v1 (OpenAPI at /api/docs), and the web UI of dashboards/web at /.
 * `buildApiApp` builds the app and `callqa serve` listens; tests use app.inject(). Every route names the roles it
 * admits; an agent sees only their own calls; caller numbers are masked for everyone but admins; every human
 * decision is audited.
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
}

// Beside this module's folder both in the sources and in dist/ (scripts/copy-assets.mjs copies the web UI).
const WEB_DIR = fileURLToPath(new URL('../../dashboards/web/', import.meta.url))
const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js')

export async function buildApiApp(opts: ApiOptions): Promise<FastifyInstance> {
  if (opts.secret.length < 32) throw new Error('the API secret must be at least 32 characters')
  const now = opts.now ?? Date.now
  const app = Fastify({ bodyLimit: 64 * 1024 }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  app.setErrorHandler((err, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const problems = err.validation.map((v) => ({ path: `$${v.instancePath.replaceAll('/', '.')}`, message: v.message ?? 'invalid' }))
      return reply.code(400).send({ error: 'invalid request', problems })
    }
    if (err instanceof HttpProblem) return reply.code(err.statusCode).send({ error: err.message, ...(err.problems.length > 0 && { problems: err.problems }) })
    const status = (err as { statusCode?: number }).statusCode
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: (err as Error).message })
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ error: 'internal error' })
  })

  await app.register(swagger, {
    openapi: {
      info: { title: 'callqa QA workspace API', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  const allow: Guard =
    (...roles) =>
    async (request: FastifyRequest) => {
      const header = request.headers.authorization
      const claims = header?.startsWith('Bearer ') ? readToken(header.slice('Bearer '.length), opts.secret, now()) : undefined
      if (!claims) throw new HttpProblem(401, 'sign in first (missing, expired or invalid token)')
      if (!roles.includes(claims.role)) throw new HttpProblem(403, `this needs one of the roles: ${roles.join(', ')}`)
      request.claims = claims
    }
  app.addHook('onRoute', documentRoute)
  const deps: RouteDeps = { store: opts.store, allow, secret: opts.secret, now, recordingsDir: opts.recordingsDir, sampling: opts.sampling }
  sessionRoutes(app, deps)
  userRoutes(app, deps)
  callRoutes(app, deps)
  reviewRoutes(app, deps)
  calibrationRoutes(app, deps)
  dashboardRoutes(app, deps)
  settlementRoutes(app, { ...deps, settlementPolicy: opts.settlementPolicy })

  await app.register(fastifyStatic, { root: WEB_DIR, index: 'index.html' })
  app.get('/vendor/echarts.min.js', { schema: { hide: true } }, (_request, reply) => reply.sendFile('echarts.min.js', ECHARTS.slice(0, -'echarts.min.js'.length)))
  return app
}
