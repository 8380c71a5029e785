import type { IncomingMessage, Position } from '../lib/kafka/bus.js'
import { dlqOf, HEADERS, TOPICS } from '../lib/kafka/topics.js'

/*
 * Where each call of an archive re-transcription is, followed from the messages it causes (each carries the job's
 * target ruleset in a header): the request is read by a transcriber, which sends the new transcript to the sink
 * (calls.retranscribed.v1) and a RescoreRequest to the scorer, whose scorecard goes to the sink (calls.scored.v1).
 * A call has landed once the sink has committed both its transcript and its scorecard, which it does only after
 * inserting their rows; it has failed once any stage put one of its messages on a DLQ, with the reason.
 */

/** The topics whose messages tell where a call is, besides the requests themselves. */
export const FOLLOWED_TOPICS = [
  TOPICS.rescore,
  TOPICS.scored,
  TOPICS.retranscribed,
  dlqOf(TOPICS.retranscribe),
  dlqOf(TOPICS.rescore),
  dlqOf(TOPICS.scored),
  dlqOf(TOPICS.retranscribed),
]

/** Messages still waiting for each stage, read when a job starts: an earlier run's calls that are in the pipeline. */
export const QUEUED_AT = [
  { stage: 'transcriber', topic: TOPICS.retranscribe },
  { stage: 'scorer', topic: TOPICS.rescore },
  { stage: 'sink', topic: TOPICS.scored },
  { stage: 'sink', topic: TOPICS.retranscribed },
] as const

/** The sink's inputs: their commits say what has landed. */
export const LANDING_TOPICS = [TOPICS.scored, TOPICS.retranscribed]

interface CallState {
  wantScorecard: boolean
  wantTranscript: boolean
  /** Messages of the call the sink has yet to commit (a redelivery adds one more). */
  pending: Array<{ key: string; offset: bigint }>
  failed?: string
  landed: boolean
  earlierRun: boolean
}

export interface FleetCounts {
  total: number
  landed: number
  failed: number
  /** Sent (this run or an earlier one) and neither landed nor failed. */
  open: number
  fromEarlierRun: number
}

const partitionKey = (topic: string, partition: number) => `${topic}/${partition}`

export class FleetProgress {
  private readonly calls = new Map<string, CallState>()
  private readonly committed = new Map<string, bigint>()
  private readonly newFailures: Array<{ callId: string; reason: string }> = []

  constructor(private readonly target: string) {}

  /** Whether the message belongs to this job (it names the job's target ruleset). */
  ours(m: IncomingMessage): boolean {
    return m.headers[HEADERS.rescoreTarget] === this.target && m.key !== undefined
  }

  has(callId: string): boolean {
    return this.calls.has(callId)
  }

  /** A request this run has sent. */
  sent(callId: string): void {
    this.calls.set(callId, { wantScorecard: true, wantTranscript: true, pending: [], landed: false, earlierRun: false })
  }

  /**
   * Messages of this job that were waiting for a stage when the run started (read from each stage's commit to the
   * end). Applied in the order of the stages, since a call may show up at two of them (a redelivery).
   */
  queued(messages: readonly IncomingMessage[]): void {
    const order = (topic: string) => QUEUED_AT.findIndex((q) => q.topic === topic)
    const ours = messages.filter((m) => this.ours(m)).sort((a, b) => order(a.topic) - order(b.topic))
    for (const m of ours) {
      const callId = m.key!
      let state = this.calls.get(callId)
      if (!state) {
        state = { wantScorecard: false, wantTranscript: false, pending: [], landed: false, earlierRun: true }
        this.calls.set(callId, state)
      }
      // A request not transcribed yet will bring both; a RescoreRequest not scored yet will bring the scorecard (its
      // transcript was sent with it, so it is among these messages or already landed).
      if (m.topic === TOPICS.retranscribe) state.wantTranscript = true
      if (m.topic === TOPICS.retranscribe || m.topic === TOPICS.rescore) state.wantScorecard = true
      this.observe(m)
    }
    for (const state of this.calls.values()) this.settle(state)
  }

  /** A message of the followed topics, read as the job runs. */
  observe(m: IncomingMessage): void {
    if (!this.ours(m)) return
    const state = this.calls.get(m.key!)
    if (!state || state.landed || state.failed !== undefined) return
    if (m.topic.endsWith('.dlq')) {
      const reason = m.headers[HEADERS.dlqReason] ?? 'rejected by a worker'
      state.failed = `${reason} (${m.headers[HEADERS.dlqStage] ?? '?'})`
      this.newFailures.push({ callId: m.key!, reason: state.failed })
      return
    }
    if (m.topic === TOPICS.scored) state.wantScorecard = false
    if (m.topic === TOPICS.retranscribed) state.wantTranscript = false
    if (m.topic === TOPICS.scored || m.topic === TOPICS.retranscribed) state.pending.push({ key: partitionKey(m.topic, m.partition), offset: BigInt(m.offset) })
    this.settle(state)
  }

  /** The sink's committed positions on the topics it lands. */
  commits(positions: readonly Position[]): void {
    for (const p of positions) this.committed.set(partitionKey(p.topic, p.partition), BigInt(p.offset))
    for (const state of this.calls.values()) this.settle(state)
  }

  private settle(state: CallState): void {
    if (state.landed || state.failed !== undefined) return
    state.pending = state.pending.filter((p) => p.offset >= (this.committed.get(p.key) ?? 0n))
    state.landed = !state.wantScorecard && !state.wantTranscript && state.pending.length === 0
  }

  /** Failures seen since the last call, each once. */
  takeFailures(): Array<{ callId: string; reason: string }> {
    return this.newFailures.splice(0)
  }

  counts(): FleetCounts {
    const counts: FleetCounts = { total: 0, landed: 0, failed: 0, open: 0, fromEarlierRun: 0 }
    for (const state of this.calls.values()) {
      counts.total++
      if (state.earlierRun) counts.fromEarlierRun++
      if (state.landed) counts.landed++
      else if (state.failed !== undefined) counts.failed++
      else counts.open++
    }
    return counts
  }
}
