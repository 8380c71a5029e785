/*
 * The topics between the stages (../shared/DESIGN.md). Key = call id, so one call's messages stay in order on one
 * partition; value = the contract JSON named in each comment. A breaking change of a payload gets a new topic (.v2);
 * optional fields are added in place.
 */
export const TOPICS = {
  /** Call (CDR + recording pointer), from ingest. */
  recorded: 'callqa.calls.recorded.v1',
  /** Transcript, from the transcriber (or any system that has transcripts already). */
  transcribed: 'callqa.calls.transcribed.v1',
  /** Scorecard, from the scorer. */
  scored: 'callqa.calls.scored.v1',
  /** Transcript to score again, from batch re-scoring (and from the transcriber, for a re-transcribed call). */
  rescore: 'callqa.calls.rescore.v1',
  /** RetranscribeRequest (a stored call and the ruleset to score it with), from `callqa rescore --retranscribe`. */
  retranscribe: 'callqa.calls.retranscribe.v1',
  /**
   * Transcript of an archived call transcribed again, from the transcriber: stored by the sink like calls.transcribed.v1
   * but never scored with the scorer's own ruleset (its scorecard comes through calls.rescore.v1, with the request's).
   */
  retranscribed: 'callqa.calls.retranscribed.v1',
} as const

export type Topic = (typeof TOPICS)[keyof typeof TOPICS]

/** Where a stage puts the messages of a topic that it cannot process, with provenance headers. */
export function dlqOf(topic: string): string {
  return `${topic}.dlq`
}

export function isDlq(topic: string): boolean {
  return topic.endsWith('.dlq')
}

/**
 * The stage that sends a topic's undecodable or invalid messages to its DLQ. transcribed.v1 is read by the scorer and
 * the sink alike; a bad transcript would otherwise land in the DLQ twice.
 */
const DLQ_OWNERS: Record<Topic, string> = {
  [TOPICS.recorded]: 'transcriber',
  [TOPICS.transcribed]: 'scorer',
  [TOPICS.scored]: 'sink',
  [TOPICS.rescore]: 'scorer',
  [TOPICS.retranscribe]: 'transcriber',
  [TOPICS.retranscribed]: 'sink',
}

export function dlqOwner(topic: string): string | undefined {
  return Object.hasOwn(DLQ_OWNERS, topic) ? DLQ_OWNERS[topic as Topic] : undefined
}

export const ALL_TOPICS: string[] = Object.values(TOPICS).flatMap((t) => [t, dlqOf(t)])

export const SCHEMA_VERSION = '1'

/** Header names. */
export const HEADERS = {
  schemaVersion: 'callqa-schema-version',
  traceId: 'callqa-trace-id',
  /** Epoch ms when the call entered the pipeline: carried through every stage for end-to-end latency. */
  enteredAt: 'callqa-entered-at',
  /** The ruleset (id@version) a re-scoring job scores with, on every message the job causes: how its progress is followed. */
  rescoreTarget: 'callqa-rescore-target',
  dlqReason: 'callqa-dlq-reason',
  dlqStage: 'callqa-dlq-stage',
  dlqTopic: 'callqa-dlq-topic',
  dlqPartition: 'callqa-dlq-partition',
  dlqOffset: 'callqa-dlq-offset',
} as const
