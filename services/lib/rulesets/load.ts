import { fileURLToPath } from 'node:url'
import type { Ruleset } from '../../../pipelines/contracts/ruleset.js'
import { UserError } from '../errors.js'
import { formatProblems, type InputProblem } from '../../../pipelines/contracts/validate.js'
import { RULESET_FILE_HOLDS, validateRuleset } from '../../../pipelines/rulesets/ruleset-file.js'
import { loadYamlFile, type YamlKind } from '../yaml-file.js'

export const DEFAULT_RULESET_PATH = fileURLToPath(new URL('../../../pipelines/rulesets/default.yaml', import.meta.url))

export class RulesetError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: InputProblem[],
  ) {
    super(`ruleset ${file}: ${formatProblems(problems)}`)
  }
}

const RULESET_FILE: YamlKind<Ruleset> = {
  defaultPath: DEFAULT_RULESET_PATH,
  holds: RULESET_FILE_HOLDS,
  validate: validateRuleset,
  error: (file, problems) => new RulesetError(file, problems),
}

/** Loads a ruleset file (default: the house default), following `extends`, and validates the result. */
export function loadRuleset(path: string = DEFAULT_RULESET_PATH): Ruleset {
  return loadYamlFile(RULESET_FILE, path)
}
