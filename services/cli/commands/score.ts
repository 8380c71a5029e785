import { Transcript } from '../../../pipelines/contracts/transcript.js'
import type { Scorecard } from '../../../pipelines/contracts/scorecard.js'
import { formatProblems, validate } from '../../../pipelines/contracts/validate.js'
import { compileRuleset, scoreTranscript } from '../../../pipelines/scoring/score.js'
import { loadStoreConfig } from '../../lib/config/env.js'
import { openStore, type Store } from '../../lib/clickhouse/store.js'
import { loadRuleset } from '../../lib/rulesets/load.js'
import { readInputs } from '../inputs.js'
import { BufferedWriter } from '../output.js'
import { spool } from '../spool.js'
import { scorecardTable } from '../table.js'
import type { CliIo } from '../io.js'
import { EXIT } from '../io.js'

export type ScoreFormat = 'table' | 'json' | 'ndjson'

export interface ScoreOptions {
  inputs: string[]
  ruleset?: string
  format: ScoreFormat
  store: boolean
}

/** Calls are stored in batches of this many: large enough for ClickHouse, small enough to lose little on a crash. */
const STORE_BATCH = 2000
const PROGRESS_EVERY_MS = 500

export async function scoreCommand(opts: ScoreOptions, io: CliIo): Promise<number> {
  const scorer = compileRuleset(loadRuleset(opts.ruleset))
  const storeConfig = opts.store ? loadStoreConfig(io.env) : undefined
  const stdin = storeConfig?.kind === 'embedded' && opts.inputs.includes('-') ? await spool(io.stdin) : io.stdin
  const store: Store | undefined = storeConfig ? await openStore(storeConfig) : undefined
  const out = new BufferedWriter(io.stdout)
  const pending: Array<{ transcript: Transcript; scorecard: Scorecard }> = []
  let scored = 0
  let rejected = 0
  let stored = 0
  let scoreSum = 0
  let lastProgress = Date.now()

  const storePending = async () => {
    if (!store || pending.length === 0) return
    await store.saveScored(pending.splice(0))
    stored = scored
  }

  try {
    if (opts.format === 'json') await out.write('[')
    for await (const doc of readInputs(opts.inputs, stdin)) {
      const transcript = 'problems' in doc ? doc : { source: doc.source, ...validate(Transcript, doc.value) }
      if ('problems' in transcript) {
        rejected++
        io.stderr.write(`callqa: ${io.messages.rejected} ${doc.source}: ${formatProblems(transcript.problems)}\n`)
        continue
      }
      const card = scoreTranscript(scorer, transcript.value, io.now().toISOString())
      scored++
      scoreSum += card.score
      if (opts.format === 'ndjson') await out.write(JSON.stringify(card) + '\n')
      else if (opts.format === 'json') await out.write((scored > 1 ? ',\n' : '\n') + JSON.stringify(card, null, 2))
      else await out.write(scorecardTable(card, io.messages))
      if (store) {
        pending.push({ transcript: transcript.value, scorecard: card })
        if (pending.length >= STORE_BATCH) await storePending()
      }
      if (io.stderr.isTTY && Date.now() - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = Date.now()
        io.stderr.write(`\r${io.messages.progress(scored)}`)
      }
    }
    if (opts.format === 'json') await out.write('\n]\n')
    await out.flush()
    await storePending()
  } finally {
    await store?.close()
  }
  const avg = scored > 0 ? (scoreSum / scored).toFixed(1) : '-'
  if (io.stderr.isTTY) io.stderr.write('\r')
  io.stderr.write(`${io.messages.summary(scored, rejected, avg)}\n`)
  if (store) io.stderr.write(`${io.messages.stored(stored)}\n`)
  return rejected > 0 ? EXIT.someRejected : EXIT.ok
}
