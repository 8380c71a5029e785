import type { ChannelMap } from '../contracts/call.js'
import type { Speaker } from '../contracts/call.js'

/*
 * What to do with a recording, decided from what ffprobe saw before anything is decoded: which channel is whose,
 * or why the file cannot be transcribed. A refusal names the problem in words an operator can act on.
 */

export interface ProbedAudio {
  /** Container, as ffprobe names it (wav, mp3, ogg, mov,mp4,m4a…). */
  format: string
  durationSeconds: number | undefined
  /** Audio streams only; the first is used. */
  streams: ReadonlyArray<{ codec: string; channels: number; sampleRate: number }>
}

export interface AudioLimits {
  maxSeconds: number
}

export interface ChannelPlan {
  /** Channels in the decoded stream. */
  channels: number
  /** Which decoded channel is whose; mono and mixed recordings have one `unknown` stream. */
  streams: ReadonlyArray<{ speaker: Speaker; channel: number }>
  durationSeconds: number
}

export type PlanResult = { ok: true; plan: ChannelPlan } | { ok: false; reason: string }

const refuse = (reason: string): PlanResult => ({ ok: false, reason })

export function planChannels(probe: ProbedAudio, map: ChannelMap | undefined, limits: AudioLimits): PlanResult {
  const audio = probe.streams[0]
  if (!audio) return refuse(`not audio: the file (${probe.format}) has no audio stream`)
  const duration = probe.durationSeconds
  if (duration === undefined || !(duration > 0)) return refuse('empty recording: 0 s of audio')
  if (duration > limits.maxSeconds) {
    return refuse(`recording too long: ${formatDuration(duration)}, the limit is ${formatDuration(limits.maxSeconds)} (CALLQA_MAX_AUDIO_SECONDS)`)
  }
  const { channels } = audio
  if (channels < 1) return refuse(`unreadable channel layout (${channels} channels)`)
  const plan = (streams: ChannelPlan['streams']): PlanResult => ({ ok: true, plan: { channels, streams, durationSeconds: duration } })
  if (map && 'mixed' in map) {
    if (map.mixed >= channels) return refuse(`the call's channel map puts the mixed audio on channel ${map.mixed}, but the file has ${channels}`)
    return plan([{ speaker: 'unknown', channel: map.mixed }])
  }
  if (channels === 1) return plan([{ speaker: 'unknown', channel: 0 }])
  const agent = map?.agent ?? 0
  const customer = map?.customer ?? 1
  if (!map && channels > 2) {
    return refuse(`unexpected channel count: ${channels} channels; a call recording is mono or stereo — give the channel map in the call's recording.channels`)
  }
  const highest = Math.max(agent, customer)
  if (highest >= channels) return refuse(`the call's channel map names channel ${highest}, but the file has ${channels} channels`)
  return plan([
    { speaker: 'agent', channel: agent },
    { speaker: 'customer', channel: customer },
  ])
}

// What ffmpeg says when it meets a cut-off or corrupted stream; it still exits cleanly with what it could read.
const DAMAGE = /corrupt|truncat|invalid data|error while decoding|partial file|incomplete frame/i

/** The first decoder warning that means the file is damaged, as the reason to give. */
export function damage(warnings: readonly string[]): string | undefined {
  const line = warnings.find((w) => DAMAGE.test(w))
  return line && `truncated or damaged: ffmpeg reports "${line.replace(/^\[[^\]]*\]\s*/, '')}"`
}

/** A decoder that stops early on a damaged file still exits cleanly; comparing lengths catches it. */
export function truncation(declaredSeconds: number, decodedSeconds: number): string | undefined {
  if (decodedSeconds >= declaredSeconds * 0.95 - 0.5) return undefined
  return `truncated or damaged: the file declares ${declaredSeconds.toFixed(1)} s but only ${decodedSeconds.toFixed(1)} s could be decoded`
}

function formatDuration(seconds: number): string {
  if (seconds >= 3600) return `${(seconds / 3600).toFixed(1)} h`
  if (seconds >= 60) return `${(seconds / 60).toFixed(1)} min`
  return `${seconds.toFixed(1)} s`
}
