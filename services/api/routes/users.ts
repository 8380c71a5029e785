import { z } from 'zod'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, Problem, type Api, type RouteDeps } from '../deps.js'
import { hashPassword } from '../passwords.js'
import { Role } from '../tokens.js'
import { publicUser, PublicUser } from './session.js'

const NewUser = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/, { error: '2–64 letters, digits, _ . or -' }),
  displayName: z.string().max(100),
  role: Role,
  agentId: z.string().min(1).max(200).optional(),
  password: z.string().min(12, { error: 'at least 12 characters' }).max(200),
})

const AuditQuery = z.object({ target: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) })
const AuditEntry = z.object({ at: z.string(), actor: z.string(), action: z.string(), target: z.string(), before: z.string(), after: z.string() })

export function userRoutes(app: Api, { store, allow }: RouteDeps): void {
  app.get(
    '/api/v1/users',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['users'], response: { 200: z.object({ users: z.array(PublicUser.extend({ disabled: z.boolean() })) }) } } },
    async () => ({ users: await store.listUsers() }),
  )

  app.post('/api/v1/users', { onRequest: allow('admin'), schema: { tags: ['users'], body: NewUser, response: { 201: PublicUser, 409: Problem } } }, async (request, reply) => {
    const body = request.body
    if (body.role === 'agent' && !body.agentId) throw new HttpProblem(400, 'an agent account needs agentId')
    if (await store.findUser(body.username)) return reply.code(409).send({ error: `user ${body.username} exists` })
    const user = { username: body.username, displayName: body.displayName, role: body.role, agentId: body.agentId ?? null, passwordHash: await hashPassword(body.password), disabled: false }
    await store.saveUser(user)
    await store.appendAudit({ actor: claimsOf(request).sub, action: 'user.create', target: user.username, before: null, after: publicUser(user) })
    return reply.code(201).send(publicUser(user))
  })

  app.get(
    '/api/v1/audit',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['users'], querystring: AuditQuery, response: { 200: z.object({ entries: z.array(AuditEntry) }) } } },
    async (request) => ({ entries: await store.auditLog(request.query) }),
  )
}
