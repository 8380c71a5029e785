import { parentPort, workerData } from 'node:worker_threads'
import type { Ruleset } from '../../pipelines/contracts/ruleset.js'
import { compileRuleset, type Scorer } from '../../pipelines/scoring/score.js'
import type { InputDocument } from './inputs.js'
import { MESSAGES, type Lang } from './messages.js'
import { scoreBatch, type ScoredBatch, type ScoreMode } from './score-document.js'

/** What a scoring thread reads, prints and keeps; the ruleset follows as the first message. */
export interface ScoringSettings extends ScoreMode {
  lang: Lang
}

/** Main thread → worker: first the ruleset (validated on the main thread), then batches. */
export type WorkerRequest = { ruleset: Ruleset } | { seq: number; docs: InputDocument[] }

/** Worker → main thread. */
export interface BatchReply {
  seq: number
  batch: ScoredBatch
}

const settings = workerData as ScoringSettings
const opts = { ...settings, messages: MESSAGES[settings.lang] }
let scorer: Scorer | undefined

parentPort!.on('message', (request: WorkerRequest) => {
  if ('ruleset' in request) {
    scorer = compileRuleset(request.ruleset)
    return
  }
  if (!scorer) throw new Error('a batch arrived before the ruleset')
  parentPort!.postMessage({ seq: request.seq, batch: scoreBatch(scorer, request.docs, opts) } satisfies BatchReply)
})
