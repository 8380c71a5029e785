import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { SettlementPolicy } from '../../../pipelines/contracts/settlement-policy.js'
import { RULE_IDS } from '../../../pipelines/contracts/rule-ids.js'
import { formatProblems, type InputProblem } from '../../../pipelines/contracts/validate.js'
import { validateYamlFile } from '../../../pipelines/contracts/yaml-file.js'
import { UserError } from '../errors.js'
import { loadYamlFile, type YamlKind } from '../yaml-file.js'

export const DEFAULT_POLICY_PATH = fileURLToPath(new URL('../../../pipelines/settlement/default-policy.yaml', import.meta.url))

export class PolicyError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: InputProblem[],
  ) {
    super(`settlement policy ${file}: ${formatProblems(problems)}`)
  }
}

const POLICY_FILE: YamlKind<SettlementPolicy> = {
  defaultPath: DEFAULT_POLICY_PATH,
  holds: 'id, version, fines, complaints, rewards, teams and teamLeads',
  validate: (merged, file) =>
    validateYamlFile(SettlementPolicy, merged, file, (path, key) =>
      path.length === 2 && path[0] === 'fines' && path[1] === 'rules' ? `unknown rule id "${key}"; known ids: ${RULE_IDS.join(', ')}` : undefined,
    ),
  error: (file, problems) => new PolicyError(file, problems),
}

export interface LoadedPolicy {
  policy: SettlementPolicy
  /** SHA-256 of the policy as validated (after `extends` and defaults): which rules a settlement was computed by. */
  digest: string
}

/** Loads a settlement policy file (default: the house default), following `extends`, and validates it. */
export function loadSettlementPolicy(path: string = DEFAULT_POLICY_PATH): LoadedPolicy {
  const policy = loadYamlFile(POLICY_FILE, path)
  return { policy, digest: createHash('sha256').update(JSON.stringify(policy)).digest('hex') }
}
