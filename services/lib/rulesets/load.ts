import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Ruleset } from '../../../pipelines/contracts/ruleset.js'
import { UserError } from '../errors.js'
import { formatProblems, type InputProblem } from '../../../pipelines/contracts/validate.js'
import { mergeRuleset, readRulesetFile, validateRuleset } from '../../../pipelines/rulesets/ruleset-file.js'

export const DEFAULT_RULESET_PATH = fileURLToPath(new URL('../../../pipelines/rulesets/default.yaml', import.meta.url))

export class RulesetError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: InputProblem[],
  ) {
    super(`ruleset ${file}: ${formatProblems(problems)}`)
  }
}

function readMerged(path: string, seen: string[]): { body: unknown; file: ReturnType<typeof readRulesetFile> } {
  if (seen.includes(path)) throw new RulesetError(path, [{ path: '$.extends', message: `extends cycle: ${[...seen, path].join(' → ')}` }])
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new RulesetError(path, [{ path: '$', message: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }])
  }
  const file = readRulesetFile(text)
  if (!file.ok) throw new RulesetError(path, file.problems)
  const base = file.value.extends
  if (base === undefined) return { body: file.value.body, file }
  const basePath = base === 'default' ? DEFAULT_RULESET_PATH : resolve(dirname(path), base)
  return { body: mergeRuleset(readMerged(basePath, [...seen, path]).body, file.value.body), file }
}

/** Loads a ruleset file (default: the house default), following `extends`, and validates the result. */
export function loadRuleset(path: string = DEFAULT_RULESET_PATH): Ruleset {
  const absolute = resolve(path)
  const { body, file } = readMerged(absolute, [])
  if (!file.ok) throw new RulesetError(path, file.problems)
  const ruleset = validateRuleset(body, file.value)
  if (!ruleset.ok) throw new RulesetError(path, ruleset.problems)
  return ruleset.value
}
