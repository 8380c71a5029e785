import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/*
 * Bearer tokens: the claims as base64url JSON plus an HMAC-SHA256 of them under the server's secret. They expire
 * after a working day, and changing the secret signs everyone out. Each names its session (`sid`) and when it was
 * issued, so that the API can end it before then: on sign-out, and for every session of a user whose password,
 * role or access changes (services/api/sessions.ts). The role in a token is what it was at sign-in; the API goes by
 * the account's current role.
 */

export const ROLES = ['agent', 'inspector', 'supervisor', 'admin'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

export const Claims = z.object({
  sub: z.string(),
  role: Role,
  /** The agent id whose calls an `agent` may see. */
  agentId: z.string().optional(),
  /** The session, for signing it out. */
  sid: z.string(),
  /** Epoch ms: issued at, expires at. */
  iat: z.number(),
  exp: z.number(),
})
export type Claims = z.infer<typeof Claims>

export const TOKEN_TTL_MS = 12 * 3600_000

function mac(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest()
}

/** A new session's token. */
export function issueToken(claims: Omit<Claims, 'sid' | 'iat' | 'exp'>, secret: string, now: number): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, sid: randomBytes(16).toString('base64url'), iat: now, exp: now + TOKEN_TTL_MS })).toString('base64url')
  return `${payload}.${mac(payload, secret).toString('base64url')}`
}

/** The token's claims, or undefined when it is malformed, forged or expired. */
export function readToken(token: string, secret: string, now: number): Claims | undefined {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined) return undefined
  const given = Buffer.from(signature, 'base64url')
  const expected = mac(payload, secret)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  const claims = Claims.safeParse(json)
  if (!claims.success || claims.data.exp <= now) return undefined
  return claims.data
}

/** 13800001234 → 138****1234: enough to recognise a repeat caller, not enough to call them. */
export function maskNumber(number: string): string {
  const digits = number.replace(/\D/g, '')
  if (digits.length <= 4) return '*'.repeat(digits.length)
  if (digits.length <= 7) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`
}

/*
 * An <audio> element cannot send a bearer token, so the call page hands out a URL for one call's recording, signed
 * and valid for an hour: it grants that recording only, to whoever the page was served to.
 */
export const MEDIA_TTL_MS = 3600_000

export function signMedia(callId: string, secret: string, now: number): { exp: number; sig: string } {
  const exp = now + MEDIA_TTL_MS
  return { exp, sig: mac(`audio:${callId}:${exp}`, secret).toString('base64url') }
}

export function checkMedia(callId: string, exp: number, sig: string, secret: string, now: number): boolean {
  if (!Number.isSafeInteger(exp) || exp <= now) return false
  const given = Buffer.from(sig, 'base64url')
  const expected = mac(`audio:${callId}:${exp}`, secret)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
