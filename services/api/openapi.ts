import type { RouteOptions } from 'fastify'
import { z } from 'zod'
import { Problem } from './deps.js'

/*
 * What every /api/v1 route's OpenAPI entry says beyond its own schema: an operationId (clients generated from the
 * document name their methods by it), the error answers every route can give (400 invalid input; with a role guard,
 * 401 not signed in and 403 wrong role), and, for the routes without a guard (login, and the audio link, which
 * carries its own signature), that no bearer token is needed.
 */

/** `GET /api/v1/calls/:callId/audio` → `getCallsByCallIdAudio`. */
export function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split(/[/.]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `By${capital(part.slice(1))}` : capital(part.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()))))
  return `${method.toLowerCase()}${words.join('')}`
}

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

// A route that answers with a file (the recording, a printable page, an export) streams it unserialised.
const NOT_JSON = z.unknown().describe('the file itself, in its own media type (audio, HTML, CSV or XLSX)')

/** An onRoute hook: completes the route's schema before fastify-swagger reads it. */
export function documentRoute(route: RouteOptions): void {
  if (!route.url.startsWith('/api/v1/')) return
  const schema = (route.schema ??= {}) as Record<string, unknown> & { response?: Record<string, unknown> }
  if (schema.hide === true) return
  const method = Array.isArray(route.method) ? route.method[0]! : route.method
  schema.operationId ??= operationId(method, route.url)
  const guarded = route.onRequest !== undefined
  const success = Object.keys(schema.response ?? {}).some((code) => code.startsWith('2'))
  schema.response = { ...(!success && { 200: NOT_JSON }), 400: Problem, ...(guarded && { 401: Problem, 403: Problem }), ...schema.response }
  if (!guarded) schema.security = []
}
