import { RULE_IDS } from '../contracts/rule-ids.js'
import { Ruleset } from '../contracts/ruleset.js'
import type { Parsed } from '../contracts/validate.js'
import { validateYamlFile, type YamlFile } from '../contracts/yaml-file.js'

/** What the top level of a ruleset file holds, for the error about a file that is not a mapping. */
export const RULESET_FILE_HOLDS = 'id, version and rules'

export function validateRuleset(merged: unknown, file: YamlFile): Parsed<Ruleset> {
  return validateYamlFile(Ruleset, merged, file, (path, key) =>
    path.length === 1 && path[0] === 'rules' ? `unknown rule id "${key}"; known ids: ${RULE_IDS.join(', ')}` : undefined,
  )
}
