import type { FastifyRequest } from 'fastify'
import type { Store } from '../lib/clickhouse/store.js'
import { HttpProblem } from '../lib/errors.js'
import { readToken, type Claims, type Role } from './tokens.js'

/*
 * Who is asking. A token's signature and expiry are checked first (no store read for a forged or stale one), then
 * its session against the store: the account must still exist and be enabled, the session must not have been
 * signed out, and it must have begun after the account's last password, role or access change. The role and agent
 * id a request acts with are the account's current ones, not what the token said at sign-in.
 */

const SIGN_IN = { zh: '请先登录（未登录、登录已过期或无效）', en: 'sign in first (missing, expired or invalid token)' }
const ENDED = { zh: '登录已失效（已退出、密码或权限已变更），请重新登录', en: 'this session has ended (signed out, or the password or access changed); sign in again' }
const CHANGE_FIRST = { zh: '请先修改一次性密码', en: 'change your one-time password first' }

const ROLE_ZH: Record<Role, string> = { agent: '坐席', inspector: '质检员', supervisor: '主管', admin: '管理员' }

export interface Authenticate {
  /** Sets request.claims or throws 401/403. */
  (request: FastifyRequest, roles: readonly Role[], opts?: { duringPasswordChange?: boolean }): Promise<Claims>
}

export function authenticator(store: Store, secret: string, now: () => number): Authenticate {
  return async (request, roles, opts = {}) => {
    const header = request.headers.authorization
    const token = header?.startsWith('Bearer ') ? readToken(header.slice('Bearer '.length), secret, now()) : undefined
    if (!token) throw new HttpProblem(401, SIGN_IN)
    const account = await store.sessionState(token.sub, token.sid)
    if (!account || account.disabled || account.revoked || token.iat < account.sessionsValidFrom) throw new HttpProblem(401, ENDED)
    const claims: Claims = { ...token, role: account.role, agentId: account.agentId ?? undefined }
    request.claims = claims
    if (account.mustChangePassword && !opts.duringPasswordChange) throw new HttpProblem(403, CHANGE_FIRST)
    if (!roles.includes(account.role)) {
      throw new HttpProblem(403, { zh: `需要以下角色之一：${roles.map((r) => ROLE_ZH[r]).join('、')}`, en: `this needs one of the roles: ${roles.join(', ')}` })
    }
    return claims
  }
}
