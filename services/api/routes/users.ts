import { z } from 'zod'
import type { UserRow } from '../../lib/clickhouse/workspace.js'
import { HttpProblem } from '../../lib/errors.js'
import { claimsOf, Problem, type Api, type RouteDeps } from '../deps.js'
import { say } from '../i18n.js'
import { hashPassword, ONE_TIME_PASSWORD_TTL_MS, oneTimePassword, passwordProblem } from '../passwords.js'
import { Role } from '../tokens.js'
import { publicUser, PublicUser } from './session.js'

/*
 * User administration (admins) and the audit trail (supervisors and admins). A password an admin sets or resets is
 * a one-time password: shown once, changed at its first sign-in, and no good after ONE_TIME_PASSWORD_TTL_MS. A role,
 * agent id or access change and a reset end the user's sessions. Every change is audited, without password hashes.
 */

const Username = z.string().regex(/^[A-Za-z0-9_.-]{2,64}$/, { error: say('2–64 个字母、数字、_ . 或 -', '2–64 letters, digits, _ . or -') })
const NewUser = z.object({
  username: Username,
  displayName: z.string().trim().max(100),
  role: Role,
  agentId: z.string().trim().min(1).max(200).optional(),
  /** A one-time password for the user; one is generated when absent. */
  password: z.string().min(12, { error: say('密码至少 12 个字符', 'at least 12 characters') }).max(200).optional(),
})
const Change = z
  .object({ displayName: z.string().trim().max(100), role: Role, agentId: z.string().trim().min(1).max(200).nullable(), disabled: z.boolean() })
  .partial()
  .refine((c) => Object.keys(c).length > 0, { error: say('没有要修改的内容', 'nothing to change') })
const UserParam = z.object({ username: z.string().min(1).max(64) })
const Listed = PublicUser.extend({ disabled: z.boolean() })
const Created = PublicUser.extend({ oneTimePassword: z.string().optional() })

const AuditQuery = z.object({
  target: z.string().max(200).optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})
const AuditEntry = z.object({ at: z.string(), actor: z.string(), action: z.string(), target: z.string(), before: z.string(), after: z.string() })

/** Usernames that differ only in case or separators (Admin, ad.min) are the same name to a reader. */
const lookAlike = (name: string) => name.toLowerCase().replace(/[._-]/g, '')

const listed = (u: UserRow) => ({ ...publicUser(u), disabled: u.disabled })
const audited = (u: UserRow) => ({ ...listed(u), agentId: u.agentId })

export function userRoutes(app: Api, { store, allow, now }: RouteDeps): void {
  const existing = async (username: string) => {
    const user = await store.findUser(username)
    if (!user) throw new HttpProblem(404, { zh: `没有用户 ${username}`, en: `no user ${username}` })
    return user
  }
  const oneTime = async (given?: string) => {
    const password = given ?? oneTimePassword()
    return { password, fields: { passwordHash: await hashPassword(password), mustChangePassword: true, passwordExpiresAt: now() + ONE_TIME_PASSWORD_TTL_MS } }
  }

  app.get(
    '/api/v1/users',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['users'], response: { 200: z.object({ users: z.array(Listed) }) } } },
    async () => ({ users: (await store.listUsers()).map(listed) }),
  )

  app.post('/api/v1/users', { onRequest: allow('admin'), schema: { tags: ['users'], body: NewUser, response: { 201: Created, 400: Problem, 409: Problem } } }, async (request, reply) => {
    const body = request.body
    if (body.role === 'agent' && !body.agentId) throw new HttpProblem(400, { zh: '坐席账号需要填写坐席工号', en: 'an agent account needs agentId' }, [{ path: '$.agentId', message: { zh: '必填', en: 'required for an agent' } }])
    const weak = body.password === undefined ? undefined : passwordProblem(body.password, body.username)
    if (weak) throw new HttpProblem(400, { zh: '密码不符合要求', en: 'the password is not strong enough' }, [{ path: '$.password', message: weak }])
    const twin = (await store.listUsers()).find((u) => lookAlike(u.username) === lookAlike(body.username))
    if (twin) {
      throw new HttpProblem(
        409,
        twin.username === body.username
          ? { zh: `用户 ${body.username} 已存在`, en: `user ${body.username} exists` }
          : { zh: `${body.username} 与已有用户 ${twin.username} 太像，请换一个明显不同的名字`, en: `${body.username} looks like the existing user ${twin.username}; choose a clearly different name` },
      )
    }
    const { password, fields } = await oneTime(body.password)
    const user: UserRow = { username: body.username, displayName: body.displayName, role: body.role, agentId: body.agentId ?? null, disabled: false, sessionsValidFrom: 0, ...fields }
    await store.saveUser(user)
    await store.appendAudit({ actor: claimsOf(request).sub, action: 'user.create', target: user.username, before: null, after: audited(user) })
    return reply.code(201).send({ ...publicUser(user), ...(body.password === undefined && { oneTimePassword: password }) })
  })

  app.patch(
    '/api/v1/users/:username',
    { onRequest: allow('admin'), schema: { tags: ['users'], params: UserParam, body: Change, response: { 200: Listed, 400: Problem, 404: Problem, 409: Problem } } },
    async (request) => {
      const actor = claimsOf(request).sub
      const before = await existing(request.params.username)
      const after: UserRow = { ...before, ...request.body }
      if (after.role === 'agent' && !after.agentId) throw new HttpProblem(400, { zh: '坐席账号需要填写坐席工号', en: 'an agent account needs agentId' }, [{ path: '$.agentId', message: { zh: '必填', en: 'required for an agent' } }])
      const stillAdmin = (u: UserRow) => u.role === 'admin' && !u.disabled
      if (stillAdmin(before) && !stillAdmin(after)) {
        if (before.username === actor) throw new HttpProblem(409, { zh: '不能停用自己或取消自己的管理员角色', en: 'you cannot disable yourself or give up your own admin role' })
        const admins = (await store.listUsers()).filter(stillAdmin)
        if (admins.length <= 1) throw new HttpProblem(409, { zh: '这是最后一个管理员', en: 'this is the last active admin' })
      }
      // Whoever loses access, or gets other access, starts again from a fresh sign-in.
      const accessChanged = after.role !== before.role || after.agentId !== before.agentId || after.disabled !== before.disabled
      const saved = accessChanged ? { ...after, sessionsValidFrom: now() } : after
      await store.saveUser(saved)
      await store.appendAudit({ actor, action: 'user.update', target: before.username, before: audited(before), after: audited(saved) })
      return listed(saved)
    },
  )

  app.post(
    '/api/v1/users/:username/password',
    { onRequest: allow('admin'), schema: { tags: ['users'], params: UserParam, response: { 200: z.object({ oneTimePassword: z.string(), expiresAt: z.string() }), 404: Problem } } },
    async (request) => {
      const user = await existing(request.params.username)
      const { password, fields } = await oneTime()
      await store.saveUser({ ...user, ...fields, sessionsValidFrom: now() })
      await store.appendAudit({ actor: claimsOf(request).sub, action: 'user.password-reset', target: user.username, before: null, after: { mustChangePassword: true, sessionsEnded: true } })
      return { oneTimePassword: password, expiresAt: new Date(fields.passwordExpiresAt).toISOString() }
    },
  )

  app.get(
    '/api/v1/audit',
    { onRequest: allow('supervisor', 'admin'), schema: { tags: ['users'], querystring: AuditQuery, response: { 200: z.object({ total: z.number(), entries: z.array(AuditEntry) }) } } },
    async (request) => store.auditLog(request.query),
  )
}
