import type { Transcript } from '../contracts/transcript.js'

/*
 * An inspector's correction of a mono call's roles: agent and customer swapped in every utterance and in the
 * loudness, and the roles marked as set by a person. Pure; the caller re-scores the result.
 */

const OTHER = { agent: 'customer', customer: 'agent', unknown: 'unknown' } as const

export function swapRoles(transcript: Transcript, inspector: string): Transcript {
  const roles = transcript.roles
  if (!roles) throw new Error('swapRoles: the transcript has no inferred roles (a stereo call: its channels say who is who)')
  const { agent, customer } = transcript.audio ?? {}
  const audio = { ...(customer && { agent: customer }), ...(agent && { customer: agent }) }
  return {
    ...transcript,
    utterances: transcript.utterances.map((u) => ({ ...u, speaker: OTHER[u.speaker] })),
    ...(transcript.audio ? { audio } : {}),
    roles: {
      method: 'inspector',
      confidence: 1,
      speakers: roles.speakers,
      review: false,
      reasons: [`质检员 ${inspector} 交换了坐席与客户（原自动判定置信度 ${roles.confidence.toFixed(2)}）`],
    },
  }
}
