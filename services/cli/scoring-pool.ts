import { Worker } from 'node:worker_threads'
import type { Ruleset } from '../../pipelines/contracts/ruleset.js'
import type { InputDocument } from './inputs.js'
import type { ScoredBatch } from './score-document.js'
import type { BatchReply, ScoringSettings, WorkerRequest } from './scoring-worker.js'

/** A batch leaves when it holds this many documents or this many bytes of NDJSON lines, whichever comes first. */
const BATCH_SIZE = 128
const BATCH_BYTES = 256 * 1024
/** A slow input (a live pipe) still gets its scorecards promptly: a partial batch leaves after this long. */
const BATCH_WAIT_MS = 50
const BATCHES_IN_FLIGHT_PER_WORKER = 2

type Event =
  | { kind: 'item'; item: IteratorResult<InputDocument> }
  | { kind: 'due' }
  | { kind: 'scored'; batch: ScoredBatch }

function delay(ms: number): Promise<Event> {
  return new Promise((resolve) => setTimeout(() => resolve({ kind: 'due' }), ms).unref())
}

/**
 * Scores documents on worker threads and yields the scored batches in input order. The threads start at once, so
 * they load their code while the caller reads the ruleset and opens its inputs. Reading stays ahead by a bounded
 * number of batches, so memory stays flat however large the input is.
 */
export class ScoringPool {
  private readonly workers: Worker[]
  private readonly waiting = new Map<number, { resolve: (b: ScoredBatch) => void; reject: (e: unknown) => void }>()
  private seq = 0

  constructor(threads: number, settings: ScoringSettings) {
    this.workers = Array.from({ length: threads }, () => new Worker(new URL('./scoring-worker.js', import.meta.url), { workerData: settings }))
    for (const worker of this.workers) {
      worker.on('message', ({ seq, batch }: BatchReply) => {
        this.waiting.get(seq)?.resolve(batch)
        this.waiting.delete(seq)
      })
      worker.on('error', (err) => {
        for (const w of this.waiting.values()) w.reject(err)
        this.waiting.clear()
      })
    }
  }

  useRuleset(ruleset: Ruleset): void {
    for (const worker of this.workers) worker.postMessage({ ruleset } satisfies WorkerRequest)
  }

  private send(docs: InputDocument[]): Promise<ScoredBatch> {
    const seq = this.seq++
    const scored = new Promise<ScoredBatch>((resolve, reject) => this.waiting.set(seq, { resolve, reject }))
    scored.catch(() => {}) // a dead worker fails the run once, at the batch the loop awaits, not once per batch
    this.workers[seq % this.workers.length]!.postMessage({ seq, docs } satisfies WorkerRequest)
    return scored
  }

  async *score(docs: AsyncIterable<InputDocument>): AsyncGenerator<ScoredBatch> {
    const input = docs[Symbol.asyncIterator]()
    const inFlight: Array<Promise<ScoredBatch>> = []
    let next: Promise<IteratorResult<InputDocument>> | undefined = input.next()
    const batch: InputDocument[] = []
    let batchBytes = 0
    let batchDue: Promise<Event> | undefined
    const flush = () => {
      inFlight.push(this.send(batch.splice(0)))
      batchBytes = 0
      batchDue = undefined
    }
    // Whichever comes first: the next input, a partial batch's deadline, or the oldest batch's results.
    while (next || inFlight.length > 0) {
      const racers: Array<Promise<Event>> = []
      if (next && inFlight.length < this.workers.length * BATCHES_IN_FLIGHT_PER_WORKER) {
        racers.push(next.then((item) => ({ kind: 'item', item })))
        if (batchDue) racers.push(batchDue)
      }
      if (inFlight.length > 0) racers.push(inFlight[0]!.then((b) => ({ kind: 'scored', batch: b })))
      const event = await Promise.race(racers)
      if (event.kind === 'scored') {
        inFlight.shift()
        yield event.batch
      } else if (event.kind === 'due') {
        flush()
      } else if (event.item.done) {
        next = undefined
        if (batch.length > 0) flush()
      } else {
        next = input.next()
        const doc = event.item.value
        batch.push(doc)
        if ('lines' in doc) batchBytes += doc.lines.length
        batchDue ??= delay(BATCH_WAIT_MS)
        if (batch.length >= BATCH_SIZE || batchBytes >= BATCH_BYTES) flush()
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}
