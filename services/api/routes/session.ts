import { z } from 'zod'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, Problem, type Api, type RouteDeps } from '../deps.js'
import { hashPassword, verifyPassword } from '../passwords.js'
import { issueToken, Role, ROLES } from '../tokens.js'

export const PublicUser = z.object({ username: z.string(), displayName: z.string(), role: Role, agentId: z.string().nullable() })

const Login = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })

export function publicUser(user: { username: string; displayName: string; role: Role; agentId: string | null }): z.infer<typeof PublicUser> {
  return { username: user.username, displayName: user.displayName, role: user.role, agentId: user.agentId }
}

// A real scrypt hash of a random password, checked against when the username is unknown so timing does not tell.
const DUMMY_HASH = await hashPassword(Math.random().toString(36))

export function sessionRoutes(app: Api, { store, allow, now, secret }: RouteDeps): void {
  app.post(
    '/api/v1/login',
    { schema: { tags: ['session'], body: Login, response: { 200: z.object({ token: z.string(), user: PublicUser }), 401: Problem } } },
    async (request, reply) => {
      const user = await store.findUser(request.body.username)
      // Same answer, and a password check either way, whether the user exists or not.
      const ok = await verifyPassword(request.body.password, user?.passwordHash ?? DUMMY_HASH)
      if (!user || !ok || user.disabled) return reply.code(401).send({ error: 'wrong username or password' })
      const token = issueToken({ sub: user.username, role: user.role, ...(user.agentId ? { agentId: user.agentId } : {}) }, secret, now())
      return { token, user: publicUser(user) }
    },
  )

  app.get('/api/v1/me', { onRequest: allow(...ROLES), schema: { tags: ['session'], response: { 200: PublicUser } } }, async (request) => {
    const user = await store.findUser(claimsOf(request).sub)
    if (!user || user.disabled) throw new HttpProblem(401, 'this account no longer exists or is disabled')
    return publicUser(user)
  })
}
