import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { UserRow } from '../../lib/clickhouse/workspace.js'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, Problem, type Api, type RouteDeps } from '../deps.js'
import { say } from '../i18n.js'
import { hashPassword, PasswordChecksBusy, passwordProblem, verifyPassword } from '../passwords.js'
import { issueToken, Role } from '../tokens.js'

export const PublicUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: Role,
  agentId: z.string().nullable(),
  /** Signed in with a one-time password: nothing but changing it is allowed until it is changed. */
  mustChangePassword: z.boolean(),
})

const Login = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })
const NewPassword = z.object({ current: z.string().min(1).max(200), next: z.string().min(12, say('密码至少 12 个字符', 'at least 12 characters')).max(200) })
const Session = z.object({ token: z.string(), user: PublicUser })

export function publicUser(user: Pick<UserRow, 'username' | 'displayName' | 'role' | 'agentId' | 'mustChangePassword'>): z.infer<typeof PublicUser> {
  return { username: user.username, displayName: user.displayName, role: user.role, agentId: user.agentId, mustChangePassword: user.mustChangePassword }
}

// A real scrypt hash of a random password, checked against when the username is unknown so timing does not tell.
const DUMMY_HASH = await hashPassword(Math.random().toString(36))

const WRONG = { zh: '用户名或密码错误', en: 'wrong username or password' }
const BUSY = { zh: '登录的人太多，请几秒后再试', en: 'too many sign-ins at once; try again in a few seconds' }

/*
 * Sign-in is throttled three ways (@fastify/rate-limit): per address (a flood), per address and account (guessing
 * one password), and per account from anywhere (guessing from many addresses). The last lets someone lock an
 * account out for a quarter of an hour at most; that is the price of making a guess cost.
 */
const PER_ADDRESS = { max: 60, timeWindow: 60_000 }
const PER_ADDRESS_ACCOUNT = { max: 10, timeWindow: 10 * 60_000 }
const PER_ACCOUNT = { max: 30, timeWindow: 15 * 60_000 }

export function sessionRoutes(app: Api, { store, signedIn, now, secret }: RouteDeps): void {
  // The account a sign-in or a password change is for: the signed-in user's own, or the one named in the body.
  const account = (request: FastifyRequest) => (request.claims?.sub ?? String((request.body as { username?: unknown } | undefined)?.username ?? '')).toLowerCase()
  const limits = [
    app.createRateLimit({ ...PER_ADDRESS_ACCOUNT, keyGenerator: (request) => `login|${request.ip}|${account(request)}` }),
    app.createRateLimit({ ...PER_ACCOUNT, keyGenerator: (request) => `login|${account(request)}` }),
  ]
  /** 429 once any limit is past; every attempt counts against each. */
  const throttle = async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limit of limits) {
      const state = await limit(request)
      if (!state.isAllowed && state.isExceeded) {
        request.log.warn({ event: 'login-throttled', username: account(request), ip: request.ip }, 'sign-in throttled')
        reply.header('retry-after', state.ttlInSeconds)
        throw new HttpProblem(429, { zh: `尝试次数太多，请 ${state.ttlInSeconds} 秒后再试`, en: `too many attempts; try again in ${state.ttlInSeconds} s` })
      }
    }
  }
  const checkPassword = async (password: string, hash: string) => {
    try {
      return await verifyPassword(password, hash)
    } catch (err) {
      if (err instanceof PasswordChecksBusy) throw new HttpProblem(503, BUSY)
      throw err
    }
  }

  app.post(
    '/api/v1/login',
    { config: { rateLimit: PER_ADDRESS }, schema: { tags: ['session'], body: Login, response: { 200: Session, 401: Problem, 429: Problem, 503: Problem } } },
    async (request, reply) => {
      await throttle(request, reply)
      const { username, password } = request.body
      const user = await store.findUser(username)
      // Same answer, and a password check either way, whether the user exists or not.
      const ok = await checkPassword(password, user?.passwordHash ?? DUMMY_HASH)
      const failed = !user ? 'unknown user' : !ok ? 'wrong password' : user.disabled ? 'disabled' : undefined
      if (failed !== undefined) {
        request.log.warn({ event: 'login-failed', username, ip: request.ip, reason: failed }, 'sign-in failed')
        throw new HttpProblem(401, WRONG)
      }
      if (user!.mustChangePassword && user!.passwordExpiresAt !== null && user!.passwordExpiresAt <= now()) {
        request.log.warn({ event: 'login-failed', username, ip: request.ip, reason: 'one-time password expired' }, 'sign-in failed')
        throw new HttpProblem(401, { zh: '一次性密码已过期，请管理员重新设置', en: 'this one-time password has expired; ask an admin for a new one' })
      }
      request.log.info({ event: 'login', username, ip: request.ip }, 'signed in')
      return { token: issueToken({ sub: user!.username, role: user!.role, ...(user!.agentId ? { agentId: user!.agentId } : {}) }, secret, now()), user: publicUser(user!) }
    },
  )

  app.get('/api/v1/me', { onRequest: signedIn, schema: { tags: ['session'], response: { 200: PublicUser } } }, async (request) => {
    const user = await store.findUser(claimsOf(request).sub)
    return publicUser(user!)
  })

  app.post('/api/v1/logout', { onRequest: signedIn, schema: { tags: ['session'], response: { 200: z.object({ ok: z.literal(true) }) } } }, async (request) => {
    const claims = claimsOf(request)
    await store.revokeSession({ sessionId: claims.sid, username: claims.sub, expiresAt: claims.exp }, now())
    request.log.info({ event: 'logout', username: claims.sub, ip: request.ip }, 'signed out')
    return { ok: true as const }
  })

  // Changing one's own password ends every other session of the account; this one continues with a new token.
  app.post(
    '/api/v1/me/password',
    { onRequest: signedIn, config: { rateLimit: PER_ADDRESS }, schema: { tags: ['session'], body: NewPassword, response: { 200: Session, 400: Problem, 429: Problem } } },
    async (request, reply) => {
      const claims = claimsOf(request)
      await throttle(request, reply)
      const user = (await store.findUser(claims.sub))!
      if (!(await checkPassword(request.body.current, user.passwordHash))) {
        request.log.warn({ event: 'password-change-failed', username: claims.sub, ip: request.ip }, 'wrong current password')
        throw new HttpProblem(400, { zh: '当前密码不对', en: 'the current password is wrong' }, [{ path: '$.current', message: { zh: '当前密码不对', en: 'wrong password' } }])
      }
      const weak = request.body.next === request.body.current ? { zh: '新密码不能和当前密码相同', en: 'the new password must differ from the current one' } : passwordProblem(request.body.next, claims.sub)
      if (weak) throw new HttpProblem(400, { zh: '新密码不符合要求', en: 'the new password is not strong enough' }, [{ path: '$.next', message: weak }])
      const at = now()
      const changed: UserRow = { ...user, passwordHash: await hashPassword(request.body.next), mustChangePassword: false, passwordExpiresAt: null, sessionsValidFrom: at }
      await store.saveUser(changed)
      await store.appendAudit({ actor: claims.sub, action: 'user.password', target: claims.sub, before: { mustChangePassword: user.mustChangePassword }, after: { mustChangePassword: false, otherSessionsEnded: true } })
      return { token: issueToken({ sub: user.username, role: user.role, ...(user.agentId ? { agentId: user.agentId } : {}) }, secret, at), user: publicUser(changed) }
    },
  )
}
