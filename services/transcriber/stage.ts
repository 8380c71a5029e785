import { Call } from '../../pipelines/contracts/call.js'
import { formatProblems, parseJson, validate } from '../../pipelines/contracts/validate.js'
import type { IncomingMessage, Outcome, Stage } from '../lib/kafka/bus.js'
import { HEADERS, SCHEMA_VERSION, TOPICS } from '../lib/kafka/topics.js'
import { recordingPath, transcribeRecording, type SpeechStack } from './transcribe-recording.js'

/** How often a call being transcribed tells the bus it is still working (well inside kafkajs's 30 s session). */
const ALIVE_EVERY_MS = 3_000

/**
 * Transcribes recordings: Call on calls.recorded.v1 → Transcript on calls.transcribed.v1, same key and trace.
 * A recording that cannot be transcribed (missing, corrupt, empty, too long) goes to the DLQ with the reason.
 * The speech stack is opened on the first message, so a worker that never sees a recording never loads a model.
 */
export function transcriberStage(openStack: () => Promise<SpeechStack>): Stage {
  let stack: Promise<SpeechStack> | undefined
  const transcribeOne = async (m: IncomingMessage, alive: () => Promise<void>): Promise<Outcome> => {
    const json = parseJson(m.value?.toString('utf8') ?? '')
    if (!json.ok) return { kind: 'dlq', reason: formatProblems(json.problems) }
    const call = validate(Call, json.value)
    if (!call.ok) return { kind: 'dlq', reason: `not a Call: ${formatProblems(call.problems)}` }
    const uri = call.value.recording?.uri
    if (uri === undefined) return { kind: 'dlq', reason: 'the call has no recording to transcribe' }
    const path = recordingPath(uri)
    if (path === undefined) return { kind: 'dlq', reason: `unsupported recording URI ${JSON.stringify(uri)}: the transcriber reads file:// URIs and absolute paths` }
    const speech = await (stack ??= openStack())
    const ticker = setInterval(() => void alive().catch(() => {}), ALIVE_EVERY_MS)
    try {
      const outcome = await transcribeRecording(speech, path, call.value)
      if (!outcome.ok) return { kind: 'dlq', reason: outcome.reason }
      const headers = { ...m.headers, [HEADERS.schemaVersion]: SCHEMA_VERSION }
      return { kind: 'ok', outputs: [{ topic: TOPICS.transcribed, key: outcome.transcript.callId, value: JSON.stringify(outcome.transcript), headers }] }
    } finally {
      clearInterval(ticker)
    }
  }
  return {
    name: 'transcriber',
    topics: [TOPICS.recorded],
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
