import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import type { z } from 'zod'
import { jsonPath, type InputProblem, type Parsed } from './validate.js'

/*
 * The files people edit by hand (rulesets, settlement policies) are YAML: either complete, or `extends: <default |
 * relative path>` plus the parts that differ. Pure: the caller reads files and resolves `extends`; problems carry
 * the file's line numbers where they can.
 */

export interface YamlFile {
  extends?: string
  body: Record<string, unknown>
  /** 1-based line of the value at a path, when the file itself holds that path. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined
}

/** `expected` says what the top-level mapping should hold, for a file that is not one. */
export function readYamlFile(text: string, expected: string): Parsed<YamlFile> {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ path: '$', message: `YAML line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}` })),
    }
  }
  if (!isMap(doc.contents)) return { ok: false, problems: [{ path: '$', message: `expected a YAML mapping with ${expected}` }] }
  const { extends: base, ...body } = doc.toJS() as Record<string, unknown>
  if (base !== undefined && typeof base !== 'string')
    return { ok: false, problems: [{ path: '$.extends', message: 'expected "default" or a path to another file of the same kind' }] }
  // The line of the key where there is one (an unknown id has no value worth pointing at), else the node's.
  const lineOf = (path: ReadonlyArray<PropertyKey>) => {
    const parent = path.length > 0 ? doc.getIn(path.slice(0, -1) as unknown[], true) : undefined
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined
    const node = (pair?.key ?? doc.getIn(path as unknown[], true)) as { range?: [number, number, number] } | undefined
    return node?.range ? lines.linePos(node.range[0]).line : undefined
  }
  return { ok: true, value: { extends: base, body, lineOf } }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Maps merge key by key; lists and scalars of the override replace the base's. */
export function mergeYaml(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(override)) out[k] = k in base ? mergeYaml(base[k], v) : v
  return out
}

/**
 * Says why a key under a path is unknown (e.g. the list of known rule ids), pointing at the key's own line;
 * undefined reports zod's message at the enclosing mapping.
 */
export type UnknownKeyHint = (path: ReadonlyArray<PropertyKey>, key: string) => string | undefined

/** Validates the merged document against its schema; each problem names its path and, where it can, its line. */
export function validateYamlFile<S extends z.ZodType>(schema: S, merged: unknown, file: YamlFile, hint?: UnknownKeyHint): Parsed<z.output<S>> {
  const result = schema.safeParse(merged)
  if (result.success) return { ok: true, value: result.data }
  const problems: InputProblem[] = result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys' && hint !== undefined) {
      const hinted = issue.keys.map((key) => ({ key, message: hint(issue.path, key) }))
      if (hinted.every((h) => h.message !== undefined)) return hinted.map((h) => located(file, [...issue.path, h.key], h.message!))
    }
    return [located(file, issue.path, issue.message)]
  })
  return { ok: false, problems }
}

function located(file: YamlFile, path: ReadonlyArray<PropertyKey>, message: string): InputProblem {
  const line = file.lineOf(path)
  return { path: jsonPath(path), message: line === undefined ? message : `${message} (line ${line})` }
}
