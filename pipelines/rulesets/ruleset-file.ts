import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import { RULE_IDS } from '../contracts/rule-ids.js'
import { Ruleset } from '../contracts/ruleset.js'
import { jsonPath, type InputProblem, type Parsed } from '../contracts/validate.js'

/*
 * A ruleset file is YAML: either complete, or `extends: <default | relative path>` plus the parts that differ.
 * Pure: the caller reads files and resolves `extends`; problems carry the file's line numbers where they can.
 */

export interface RulesetFile {
  extends?: string
  body: Record<string, unknown>
  /** 1-based line of the value at a path, when the file itself holds that path. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined
}

export function readRulesetFile(text: string): Parsed<RulesetFile> {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ path: '$', message: `YAML line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}` })),
    }
  }
  if (!isMap(doc.contents)) return { ok: false, problems: [{ path: '$', message: 'expected a YAML mapping with id, version and rules' }] }
  const { extends: base, ...body } = doc.toJS() as Record<string, unknown>
  if (base !== undefined && typeof base !== 'string')
    return { ok: false, problems: [{ path: '$.extends', message: 'expected "default" or a path to another ruleset file' }] }
  // The line of the key where there is one (an unknown rule id has no value worth pointing at), else the node's.
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
export function mergeRuleset(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(override)) out[k] = k in base ? mergeRuleset(base[k], v) : v
  return out
}

export function validateRuleset(merged: unknown, file: RulesetFile): Parsed<Ruleset> {
  const result = Ruleset.safeParse(merged)
  if (result.success) return { ok: true, value: result.data }
  const problems: InputProblem[] = result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 1 && issue.path[0] === 'rules') {
      return issue.keys.map((key) => located(file, ['rules', key], `unknown rule id "${key}"; known ids: ${RULE_IDS.join(', ')}`))
    }
    return [located(file, issue.path, issue.message)]
  })
  return { ok: false, problems }
}

function located(file: RulesetFile, path: ReadonlyArray<PropertyKey>, message: string): InputProblem {
  const line = file.lineOf(path)
  return { path: jsonPath(path), message: line === undefined ? message : `${message} (line ${line})` }
}
