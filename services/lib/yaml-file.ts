import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { InputProblem, Parsed } from '../../pipelines/contracts/validate.js'
import { mergeYaml, readYamlFile, type YamlFile } from '../../pipelines/contracts/yaml-file.js'

/** One kind of hand-edited YAML file (rulesets, settlement policies): its house default, its schema, its error. */
export interface YamlKind<T> {
  defaultPath: string
  /** What the top-level mapping holds, e.g. "id, version and rules". */
  holds: string
  validate(merged: unknown, file: YamlFile): Parsed<T>
  error(file: string, problems: InputProblem[]): Error
}

function readMerged<T>(kind: YamlKind<T>, path: string, seen: string[]): { body: unknown; file: YamlFile } {
  if (seen.includes(path)) throw kind.error(path, [{ path: '$.extends', message: `extends cycle: ${[...seen, path].join(' → ')}` }])
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw kind.error(path, [{ path: '$', message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }])
  }
  const file = readYamlFile(text, kind.holds)
  if (!file.ok) throw kind.error(path, file.problems)
  const base = file.value.extends
  if (base === undefined) return { body: file.value.body, file: file.value }
  const basePath = base === 'default' ? kind.defaultPath : resolve(dirname(path), base)
  return { body: mergeYaml(readMerged(kind, basePath, [...seen, path]).body, file.value.body), file: file.value }
}

/** Loads a file of this kind (default: the house default), following `extends`, and validates the result. */
export function loadYamlFile<T>(kind: YamlKind<T>, path: string = kind.defaultPath): T {
  const { body, file } = readMerged(kind, resolve(path), [])
  const value = kind.validate(body, file)
  if (!value.ok) throw kind.error(path, value.problems)
  return value.value
}
