import type { Ruleset } from '../contracts/ruleset.js'

/** What the recogniser is told to expect before every window (faster-whisper `hotwords` / `initial_prompt`). */
export interface RecogniserHints {
  hotwords?: string
  initialPrompt?: string
}

/**
 * The hints a ruleset gives the recogniser: its company names as hotwords. A centre's name is a proper noun Whisper
 * base does not know, and telephone audio makes it guess (星河科技 came back as 亲和科技, failing the greeting); told
 * the names, it writes them. Measured with and without by npm run bench:hotwords.
 */
export function recogniserHints(ruleset: Ruleset): RecogniserHints {
  const names = ruleset.rules.greeting?.companyNames ?? []
  return names.length > 0 ? { hotwords: names.join('，') } : {}
}
