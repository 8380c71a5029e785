import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { CallRow, SamplingPolicy } from '../lib/clickhouse/queue.js'
import type { Store } from '../lib/clickhouse/store.js'
import { HttpProblem } from '../lib/errors.js'
import { maskNumber, type Claims, type Role } from './tokens.js'

/** The app as route modules see it: schemas are zod. */
export type Api = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>

/** An onRequest hook (before body validation, so a stranger learns nothing of the schema) admitting the named roles: 401 without a valid token, 403 for another role. */
export type Guard = (...roles: Role[]) => (request: FastifyRequest) => Promise<void>

/** What every route module gets from buildApiApp. */
export interface RouteDeps {
  store: Store
  allow: Guard
  /** Admits any signed-in user, also one who must still change a one-time password (sign-out, the change itself). */
  signedIn: (request: FastifyRequest) => Promise<void>
  /** Signs bearer tokens and media URLs. */
  secret: string
  now: () => number
  recordingsDir: string
  sampling: SamplingPolicy
}

export const Problem = z.object({ error: z.string(), problems: z.array(z.object({ path: z.string(), message: z.string() })).optional() })

/** The signed-in caller: only routes behind a guard call this. */
export function claimsOf(request: FastifyRequest): Claims {
  if (!request.claims) throw new Error('route is missing its guard')
  return request.claims
}

/** The agent id an agent's requests are confined to; 403 for an agent account linked to none. */
export function ownAgentId(claims: Claims): string {
  if (!claims.agentId) throw new HttpProblem(403, { zh: '这个坐席账号没有关联坐席工号，请联系管理员', en: 'this agent account is not linked to an agent id' })
  return claims.agentId
}

/** A call as pages show it: where the recording is stored stays on the server, the number is masked. */
export function shownCall({ recordingUri: _, ...call }: CallRow, claims: Claims): Omit<CallRow, 'recordingUri'> {
  return { ...call, customerNumber: shownNumber(call.customerNumber, claims) }
}

/** Caller numbers are personal data: only an admin sees them whole. */
export function shownNumber(number: string | null, claims: Claims): string | null {
  return number !== null && claims.role !== 'admin' ? maskNumber(number) : number
}

declare module 'fastify' {
  interface FastifyRequest {
    claims?: Claims
  }
}
