import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Store } from '../lib/clickhouse/store.js'
import { HttpProblem } from '../lib/errors.js'
import { CallListRow } from '../lib/clickhouse/workspace.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { issueToken, maskNumber, readToken, Role, type Claims } from './tokens.js'

/*
 * The QA workspace API (first part: sign-in, roles, the call list, user administration). `buildApiApp` builds the
 * app and `server.ts`-style callers listen; tests use app.inject(). Every route names the roles it admits; an agent
 * sees only their own calls; caller numbers are masked for everyone but admins; every human decision is audited.
 */

export interface ApiOptions {
  store: Store
  /** Signs bearer tokens; at least 32 characters. */
  secret: string
  now?: () => number
}

const Problem = z.object({ error: z.string(), problems: z.array(z.object({ path: z.string(), message: z.string() })).optional() })
const PublicUser = z.object({ username: z.string(), displayName: z.string(), role: Role, agentId: z.string().nullable() })

const Login = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })
const NewUser = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/, { error: '2–64 letters, digits, _ . or -' }),
  displayName: z.string().max(100),
  role: Role,
  agentId: z.string().min(1).max(200).optional(),
  password: z.string().min(12, { error: 'at least 12 characters' }).max(200),
})
const CallQuery = z.object({
  agentId: z.string().max(200).optional(),
  teamId: z.string().max(200).optional(),
  from: z.iso.date().or(z.iso.datetime({ offset: true })).optional(),
  to: z.iso.date().or(z.iso.datetime({ offset: true })).optional(),
  minScore: z.coerce.number().min(0).max(100).optional(),
  maxScore: z.coerce.number().min(0).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})

declare module 'fastify' {
  interface FastifyRequest {
    claims?: Claims
  }
}

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
    if (err instanceof HttpProblem) return reply.code(err.statusCode).send({ error: err.message })
    const status = (err as { statusCode?: number }).statusCode
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: (err as Error).message })
    request.log.error({ err }, 'request failed')
    return reply.code(500).send({ error: 'internal error' })
  })

  /** The caller's claims, or 401/403: routes name the roles they admit. */
  const allow = (...roles: Role[]) => async (request: FastifyRequest) => {
    const header = request.headers.authorization
    const claims = header?.startsWith('Bearer ') ? readToken(header.slice('Bearer '.length), opts.secret, now()) : undefined
    if (!claims) throw new HttpProblem(401, 'sign in first (missing, expired or invalid token)')
    if (!roles.includes(claims.role)) throw new HttpProblem(403, `this needs one of the roles: ${roles.join(', ')}`)
    request.claims = claims
  }

  app.post('/api/v1/login', { schema: { body: Login, response: { 200: z.object({ token: z.string(), user: PublicUser }), 401: Problem } } }, async (request, reply) => {
    const user = await opts.store.findUser(request.body.username)
    // Same answer, and a password check either way, whether the user exists or not.
    const ok = await verifyPassword(request.body.password, user?.passwordHash ?? DUMMY_HASH)
    if (!user || !ok || user.disabled) return reply.code(401).send({ error: 'wrong username or password' })
    const token = issueToken({ sub: user.username, role: user.role, ...(user.agentId ? { agentId: user.agentId } : {}) }, opts.secret, now())
    return { token, user: publicUser(user) }
  })

  app.get('/api/v1/me', { preHandler: allow('agent', 'inspector', 'supervisor', 'admin'), schema: { response: { 200: PublicUser } } }, async (request) => {
    const user = await opts.store.findUser(request.claims!.sub)
    if (!user || user.disabled) throw new HttpProblem(401, 'this account no longer exists or is disabled')
    return publicUser(user)
  })

  app.get(
    '/api/v1/calls',
    { preHandler: allow('agent', 'inspector', 'supervisor', 'admin'), schema: { querystring: CallQuery, response: { 200: z.object({ calls: z.array(CallListRow) }) } } },
    async (request) => {
      const claims = request.claims!
      const query = { ...request.query }
      if (claims.role === 'agent') {
        if (!claims.agentId) throw new HttpProblem(403, 'this agent account is not linked to an agent id')
        query.agentId = claims.agentId
      }
      const calls = await opts.store.listCalls(query)
      return { calls: calls.map((c) => ({ ...c, customerNumber: c.customerNumber && claims.role !== 'admin' ? maskNumber(c.customerNumber) : c.customerNumber })) }
    },
  )

  app.post('/api/v1/users', { preHandler: allow('admin'), schema: { body: NewUser, response: { 201: PublicUser, 409: Problem } } }, async (request, reply) => {
    const body = request.body
    if (body.role === 'agent' && !body.agentId) throw new HttpProblem(400, 'an agent account needs agentId')
    if (await opts.store.findUser(body.username)) return reply.code(409).send({ error: `user ${body.username} exists` })
    const user = { username: body.username, displayName: body.displayName, role: body.role, agentId: body.agentId ?? null, passwordHash: await hashPassword(body.password), disabled: false }
    await opts.store.saveUser(user)
    await opts.store.appendAudit({ actor: request.claims!.sub, action: 'user.create', target: user.username, before: null, after: publicUser(user) })
    return reply.code(201).send(publicUser(user))
  })

  return app
}

function publicUser(user: { username: string; displayName: string; role: Role; agentId: string | null }) {
  return { username: user.username, displayName: user.displayName, role: user.role, agentId: user.agentId }
}

// A real scrypt hash of a random password, checked against when the username is unknown so timing does not tell.
const DUMMY_HASH = await hashPassword(Math.random().toString(36))
