import type { Utterance } from '../contracts/transcript.js'
import type { SpeakerRoles } from '../contracts/transcript.js'
import { assembleUtterances, type TimedWord } from '../transcription/assemble.js'
import type { Span } from '../transcription/windows.js'
import type { Diarization } from './diarize.js'
import { attributeRoles, type RoleCues } from './roles.js'

/*
 * A mono recording's utterances: one per speaker turn, with the words recognised in it, each given the role its
 * voice was found to have. Pure: the separation, the timed words and the role cues in; utterances, the roles'
 * summary and each role's speech spans (for its loudness) out.
 */

export interface MonoUtterances {
  utterances: Utterance[]
  roles: SpeakerRoles
  spansOf: { agent: Span[]; customer: Span[] }
}

export function monoUtterances(separation: Diarization, words: readonly TimedWord[], cues: RoleCues, direction: 'inbound' | 'outbound'): MonoUtterances {
  const turns = [...separation.turns].sort((a, b) => a.startMs - b.startMs)
  // Words go to the turn their middle falls in (or the nearest), across all voices at once.
  const assembled = assembleUtterances('unknown', turns, words)
  const voiceAt = new Map(turns.map((t) => [`${t.startMs}-${t.endMs}`, t.speaker]))
  const voiced = assembled.map((u) => ({ ...u, voice: voiceAt.get(`${u.startMs}-${u.endMs}`)! }))
  const { roles, summary } = attributeRoles(cues, voiced, separation.speakers, direction)
  const spansOf: MonoUtterances['spansOf'] = { agent: [], customer: [] }
  const utterances = voiced.map((u) => {
    const speaker = roles[u.voice] ?? 'unknown'
    if (speaker !== 'unknown') spansOf[speaker].push({ startMs: u.startMs, endMs: u.endMs })
    return { ...u, speaker }
  })
  return { utterances, roles: summary, spansOf }
}
