import { z } from 'zod'
import { UserError } from '../errors.js'

// Compose files commonly pass `VAR=` for "not set"; treating blank as absent lets the defaults apply.
export const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema)

/**
 * Validates a service's environment variables. A problem names the variable, what it must be and, unless the
 * variable is a secret, what it was.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, what: string, secrets: readonly string[] = []): z.output<S> {
  const parsed = schema.safeParse(env)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0])
    const got = secrets.includes(name) || env[name] === undefined ? '' : ` (got ${JSON.stringify(env[name])})`
    return `${name} must be ${issue.message}${got}`
  })
  throw new UserError(`invalid ${what} configuration: ${lines.join('; ')}`)
}
