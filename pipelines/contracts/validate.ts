import type { z } from 'zod'

/** One reason an input was rejected: where in the document, and what was expected there. */
export interface InputProblem {
  /** JSON path inside the document, e.g. `$.utterances[3].endMs`. */
  path: string
  message: string
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] }

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '$'
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`
  return out
}

/** Validates an already-parsed JSON value against a contract, collecting every problem rather than the first. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, value: result.data }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })),
  }
}

/** Parses JSON text, reporting a syntax error as a problem at the document root. */
export function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    return { ok: false, problems: [{ path: '$', message: `invalid JSON: ${(err as Error).message}` }] }
  }
}

export function formatProblems(problems: readonly InputProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ')
}
