import { Call } from '../../pipelines/contracts/call.js'
import type { RescoreRequest } from '../../pipelines/contracts/rescore.js'
import { RetranscribeRequest } from '../../pipelines/contracts/retranscribe.js'
import type { Transcript } from '../../pipelines/contracts/transcript.js'
import { formatProblems, parseJson, validate } from '../../pipelines/contracts/validate.js'
import type { IncomingMessage, Outcome, Stage } from '../lib/kafka/bus.js'
import { HEADERS, SCHEMA_VERSION, TOPICS } from '../lib/kafka/topics.js'
import { decodeUtf8 } from '../lib/utf8.js'
import { recordingPath, transcribeRecording, type SpeechStack } from './transcribe-recording.js'

/** How often a call being transcribed tells the bus it is still working (well inside kafkajs's 30 s session). */
const ALIVE_EVERY_MS = 3_000

/**
 * Transcribes recordings: Call on calls.recorded.v1 → Transcript on calls.transcribed.v1, same key and trace; and
 * RetranscribeRequest on calls.retranscribe.v1 (an archived call) → the Transcript on calls.retranscribed.v1 for the
 * sink, and as a RescoreRequest with the request's ruleset on calls.rescore.v1 for the scorer.
 * A recording that cannot be transcribed (missing, corrupt, empty, too long) goes to the DLQ with the reason.
 * The speech stack is opened on the first message, so a worker that never sees a recording never loads a model.
 * Each message is committed on its own: a call takes seconds to minutes, and a killed worker redoes only the one in hand.
 */
export function transcriberStage(openStack: () => Promise<SpeechStack>): Stage {
  let stack: Promise<SpeechStack> | undefined
  const transcribe = async (call: Call, alive: () => Promise<void>): Promise<{ ok: true; transcript: Transcript } | { ok: false; reason: string }> => {
    const uri = call.recording?.uri
    if (uri === undefined) return { ok: false, reason: 'the call has no recording to transcribe' }
    const path = recordingPath(uri)
    if (path === undefined) return { ok: false, reason: `unsupported recording URI ${JSON.stringify(uri)}: the transcriber reads file:// URIs and absolute paths` }
    const speech = await (stack ??= openStack())
    const ticker = setInterval(() => void alive().catch(() => {}), ALIVE_EVERY_MS)
    try {
      const outcome = await transcribeRecording(speech, path, call)
      return outcome.ok ? { ok: true, transcript: outcome.transcript } : outcome
    } finally {
      clearInterval(ticker)
    }
  }

  const transcribeOne = async (m: IncomingMessage, alive: () => Promise<void>): Promise<Outcome> => {
    const json = parseJson(m.value ? decodeUtf8(m.value) : '')
    if (!json.ok) return { kind: 'dlq', reason: formatProblems(json.problems) }
    const headers = { ...m.headers, [HEADERS.schemaVersion]: SCHEMA_VERSION }
    if (m.topic === TOPICS.retranscribe) {
      const request = validate(RetranscribeRequest, json.value)
      if (!request.ok) return { kind: 'dlq', reason: `not a RetranscribeRequest: ${formatProblems(request.problems)}` }
      const done = await transcribe(request.value.call, alive)
      if (!done.ok) return { kind: 'dlq', reason: done.reason }
      const { transcript } = done
      const rescore: RescoreRequest = { transcript, ruleset: request.value.ruleset }
      return {
        kind: 'ok',
        outputs: [
          // Stamped with the request's time, the transcript's version: a redelivered request stores the same version again.
          { topic: TOPICS.retranscribed, key: transcript.callId, value: JSON.stringify(transcript), headers, timestamp: m.timestamp },
          { topic: TOPICS.rescore, key: transcript.callId, value: JSON.stringify(rescore), headers },
        ],
      }
    }
    const call = validate(Call, json.value)
    if (!call.ok) return { kind: 'dlq', reason: `not a Call: ${formatProblems(call.problems)}` }
    const done = await transcribe(call.value, alive)
    if (!done.ok) return { kind: 'dlq', reason: done.reason }
    return { kind: 'ok', outputs: [{ topic: TOPICS.transcribed, key: done.transcript.callId, value: JSON.stringify(done.transcript), headers }] }
  }

  return {
    name: 'transcriber',
    topics: [TOPICS.recorded, TOPICS.retranscribe],
    commitEvery: 1,
    handle: async (messages, alive) => {
      const outcomes: Outcome[] = []
      for (const m of messages) {
        outcomes.push(await transcribeOne(m, alive))
        await alive()
      }
      return outcomes
    },
  }
}
