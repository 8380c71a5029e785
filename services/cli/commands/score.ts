import { availableParallelism } from 'node:os'
import type { Readable } from 'node:stream'
import type { Scorecard } from '../../../pipelines/contracts/scorecard.js'
import type { Transcript } from '../../../pipelines/contracts/transcript.js'
import { formatProblems } from '../../../pipelines/contracts/validate.js'
import type { Store } from '../../lib/clickhouse/store.js'
import { loadStoreConfig } from '../../lib/config/store.js'
import { loadRuleset } from '../../lib/rulesets/load.js'
import { readInputs } from '../inputs.js'
import { EXIT, type CliIo } from '../io.js'
import type { Lang } from '../messages.js'
import { BufferedWriter } from '../output.js'
import type { ScoreFormat } from '../score-document.js'
import { ScoringPool } from '../scoring-pool.js'
import { takeStdinForEmbeddedStore } from '../spool.js'

export interface ScoreOptions {
  inputs: string[]
  ruleset?: string
  format: ScoreFormat
  store: boolean
  lang: Lang
}

/** Calls are stored in batches of this many: large enough for ClickHouse, small enough to lose little on a crash. */
const STORE_BATCH = 2000
const PROGRESS_EVERY_MS = 500

export async function scoreCommand(opts: ScoreOptions, io: CliIo): Promise<number> {
  const storeConfig = opts.store ? loadStoreConfig(io.env) : undefined
  // Before the scoring threads start: the embedded store needs stdin out of the way (see spool.ts).
  const spooled = storeConfig?.kind === 'embedded' ? takeStdinForEmbeddedStore(opts.inputs.includes('-')) : undefined
  const pool = new ScoringPool(availableParallelism(), { format: opts.format, lang: opts.lang, input: 'transcripts', keep: opts.store ? 'scored' : 'nothing' })
  try {
    // Validated here so that a broken file is one clear error; the threads load their code meanwhile.
    pool.useRuleset(loadRuleset(opts.ruleset))
    // The store (and the embedded engine with it) is loaded only when asked for.
    const store = storeConfig && (await (await import('../../lib/clickhouse/store.js')).openStore(storeConfig))
    return await scoreWith(pool, store, spooled ?? io.stdin, opts, io)
  } finally {
    await pool.close()
  }
}

async function scoreWith(pool: ScoringPool, store: Store | undefined, stdin: Readable, opts: ScoreOptions, io: CliIo): Promise<number> {
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
    for await (const batch of pool.score(readInputs(opts.inputs, stdin))) {
      for (const { source, problems } of batch.rejected) {
        io.stderr.write(`callqa: ${io.messages.rejected} ${source}: ${formatProblems(problems)}\n`)
      }
      rejected += batch.rejected.length
      if (batch.scored > 0) await out.write(opts.format === 'json' ? (scored > 0 ? ',\n' : '\n') + batch.output : batch.output)
      scored += batch.scored
      scoreSum += batch.scoreSum
      pending.push(...batch.kept)
      if (pending.length >= STORE_BATCH) await storePending()
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
