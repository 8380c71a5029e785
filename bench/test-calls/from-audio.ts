import type { Scorecard } from '../../pipelines/contracts/scorecard.js'
import type { Transcript } from '../../pipelines/contracts/transcript.js'
import { scoreTranscript, type Scorer } from '../../pipelines/scoring/score.js'
import { transcribeRecording, type SpeechStack } from '../../services/transcriber/transcribe-recording.js'
import { cdrOf, type TestCall } from './generate.js'
import { checkVerdicts, type RuleCheck } from './verdicts.js'

/** Test calls are scored at a fixed time: nothing here depends on the clock. */
const SCORED_AT = '2026-11-30T12:00:00+08:00'

export interface Judged {
  call: TestCall
  transcript: Transcript
  card: Scorecard
  checks: RuleCheck[]
}

export function judge(scorer: Scorer, call: TestCall, transcript: Transcript): Judged {
  const card = scoreTranscript(scorer, transcript, SCORED_AT)
  return { call, transcript, card, checks: checkVerdicts(call.expected, card) }
}

/** The recording through the real transcription path (ffmpeg, Silero VAD, Whisper) with its CDR, then scored. */
export async function judgeFromAudio(stack: SpeechStack, scorer: Scorer, call: TestCall): Promise<Judged> {
  const outcome = await transcribeRecording(stack, call.recording, cdrOf(call.reference))
  if (!outcome.ok) throw new Error(`${call.recording}: transcription failed: ${outcome.reason}`)
  return judge(scorer, call, outcome.transcript)
}

/** Calls that expect a fatal forbidden phrase, and those of them whose audio was judged fatal. */
export function fatalCaught(judged: readonly Judged[]): { expected: number; caught: number; missed: string[] } {
  const fatal = judged.filter((j) => j.call.expected['forbidden-phrase'] === 'fatal')
  const missed = fatal.filter((j) => !j.checks.some((c) => c.ruleId === 'forbidden-phrase' && c.agrees)).map((j) => j.call.id)
  return { expected: fatal.length, caught: fatal.length - missed.length, missed }
}
