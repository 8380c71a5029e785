import { stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Call } from '../../pipelines/contracts/call.js'
import { Transcript, type Utterance } from '../../pipelines/contracts/transcript.js'
import { formatProblems, validate } from '../../pipelines/contracts/validate.js'
import { maxSpeechDbfs } from '../../pipelines/audio/loudness.js'
import { damage, planChannels, truncation, type AudioLimits } from '../../pipelines/audio/plan.js'
import { monoUtterances } from '../../pipelines/diarization/mono-utterances.js'
import { assembleUtterances, type TimedWord } from '../../pipelines/transcription/assemble.js'
import { unheardSpeech, withWordsHeardAgain, WORD_REACH_MS } from '../../pipelines/transcription/coverage.js'
import { speechWindows, timelineWindows, toTimeline, WINDOW_MS, windowSamples, type Span, type Window } from '../../pipelines/transcription/windows.js'
import type { AsrEngine, RecognizedWord } from '../../models/asr/engine.js'
import type { Vad } from '../../models/vad/silero.js'
import { AudioError, DECODE_RATE, decodeChannels, probeAudio } from '../lib/audio/ffmpeg.js'
import { callIdOf } from '../lib/audio/formats.js'
import { MIN_MONO_SECONDS, separateSpeakers, type SpeakerSeparation } from './separate-speakers.js'

/*
 * One recording → one Transcript: probe, decide the channels, decode, find speech per channel, recognise it, and
 * put the utterances of both speakers on one timeline. A recording that cannot be transcribed comes back as a
 * failure with its reason; only a broken recogniser (not the file's fault) throws.
 */

export type TranscribeOutcome =
  | { ok: true; transcript: Transcript; audioSeconds: number; speechSeconds: number }
  | { ok: false; callId: string; reason: string }

export interface SpeechStack {
  vad: Vad
  asr: AsrEngine
  limits: AudioLimits
  /** Whisper's windows: speech only, packed, or on the timeline (CALLQA_ASR_WINDOWS). */
  windows: 'timeline' | 'speech'
  /** Separates the voices of a mono or mixed channel; without it such a channel stays one `unknown` stream. */
  speakers?: SpeakerSeparation
}

export async function transcribeRecording(stack: SpeechStack, path: string, call?: Call): Promise<TranscribeOutcome> {
  const callId = call?.callId ?? callIdOf(path)
  const fail = (reason: string): TranscribeOutcome => ({ ok: false, callId, reason })
  try {
    const size = (await stat(path)).size
    if (size === 0) return fail('empty file (0 bytes)')
    const probe = await probeAudio(path)
    const planned = planChannels(probe, call?.recording?.channels, stack.limits)
    if (!planned.ok) return fail(planned.reason)
    const { plan } = planned
    const { channels, warnings } = await decodeChannels(path, plan.channels)
    const decodedSeconds = (channels[0]?.length ?? 0) / DECODE_RATE
    const cut = damage(warnings) ?? truncation(plan.durationSeconds, decodedSeconds)
    if (cut) return fail(cut)
    if (decodedSeconds === 0) return fail('empty recording: no samples could be decoded')

    const totalMs = Math.round(decodedSeconds * 1000)
    const heard = plan.streams.map(({ speaker, channel }) => {
      const samples = channels[channel]!
      const spans = stack.vad.detect(samples)
      return { speaker, samples, spans, mono: speaker === 'unknown' && stack.speakers !== undefined }
    })
    if (heard.some((h) => h.mono)) {
      if (decodedSeconds < MIN_MONO_SECONDS) {
        return fail(`call too short to separate the speakers: ${decodedSeconds.toFixed(1)} s of mono audio, at least ${MIN_MONO_SECONDS} s are needed`)
      }
      if (heard.some((h) => h.mono && h.spans.length === 0)) return fail('no speech found on the mono recording (silence, tones or hold music only): nothing to score')
    }
    // Separation first (its own process), recognition meanwhile.
    const separated = heard.map((h) => {
      if (!h.mono) return undefined
      const voices = separateSpeakers(stack.speakers!, h.samples, h.spans)
      voices.catch(() => {}) // awaited below; a recogniser failure meanwhile must not leave it unhandled
      return voices
    })
    const streams = heard.map((h) => h.samples)
    const heardWords = await recognizeStreams(stack.asr, streams, speechWindows(stack.windows, heard.map((h) => h.spans), totalMs))
    // Speech Whisper left out is heard again on its own (coverage.ts); the rest of the recording is not decoded twice.
    const missed = heard.flatMap((h, stream) => timelineWindows(unheardSpeech(h.spans, heardWords[stream]!), totalMs, { maxMs: WINDOW_MS, padMs: WORD_REACH_MS, stream }))
    const heardAgain = await recognizeStreams(stack.asr, streams, missed)
    const utterances: Utterance[] = []
    const audio: NonNullable<Transcript['audio']> = {}
    let roles: Transcript['roles']
    let speechMs = 0
    const loudness = (speaker: 'agent' | 'customer', samples: Float32Array, spans: readonly Span[]) => {
      const dbfs = maxSpeechDbfs(samples, spans, DECODE_RATE)
      if (dbfs !== undefined) audio[speaker] = { maxDbfs: dbfs }
    }
    for (const [i, { speaker, samples, spans }] of heard.entries()) {
      speechMs += spans.reduce((sum, s) => sum + s.endMs - s.startMs, 0)
      const words = withWordsHeardAgain(heardWords[i]!, heardAgain[i]!)
      const voicesOf = separated[i]
      if (!voicesOf) {
        utterances.push(...assembleUtterances(speaker, spans, words))
        if (speaker !== 'unknown') loudness(speaker, samples, spans)
        continue
      }
      const voices = monoUtterances(await voicesOf, words, stack.speakers!.cues, call?.direction ?? 'inbound')
      if (voices.utterances.length === 0) return fail('no words recognised on the mono recording (tones, hold music or noise only): nothing to score')
      utterances.push(...voices.utterances)
      roles = voices.roles
      loudness('agent', samples, voices.spansOf.agent)
      loudness('customer', samples, voices.spansOf.customer)
    }
    utterances.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)

    const mixed = plan.streams.length === 1 ? plan.streams[0]!.channel : undefined
    const base = call ?? (await callFromFile(path, decodedSeconds, mixed))
    const checked = validate(Transcript, {
      ...base,
      utterances,
      asr: { engine: stack.asr.engine, model: stack.asr.model },
      ...(Object.keys(audio).length > 0 ? { audio } : {}),
      ...(roles && { roles }),
    })
    if (!checked.ok) return fail(`internal: the transcript did not validate: ${formatProblems(checked.problems)}`)
    return { ok: true, transcript: checked.value, audioSeconds: decodedSeconds, speechSeconds: speechMs / 1000 }
  } catch (err) {
    if (err instanceof AudioError) return fail(err.message)
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return fail(`cannot read the file (${code})`)
    throw err
  }
}

/** Each stream's words on the recording's timeline, from windows over the streams, a batch of windows per request. */
async function recognizeStreams(asr: AsrEngine, streams: readonly Float32Array[], windows: readonly Window[]): Promise<TimedWord[][]> {
  const words: TimedWord[][] = streams.map(() => [])
  for (let i = 0; i < windows.length; i += asr.batchSize) {
    const batch = windows.slice(i, i + asr.batchSize)
    const recognised: RecognizedWord[][] = await asr.recognize(batch.map((w) => windowSamples(streams, w, DECODE_RATE)))
    batch.forEach((w, j) => {
      for (const { stream, ...word } of toTimeline(w, recognised[j]!)) words[stream]!.push(word)
    })
  }
  return words
}

/**
 * Without a CDR, the Transcript still needs the Call's fields: the id is the file's stem, the start time its
 * modification time, and who took the call is unknown.
 */
async function callFromFile(path: string, durationSeconds: number, mixedChannel: number | undefined): Promise<Call> {
  const modified = (await stat(path)).mtime
  return {
    callId: callIdOf(path),
    hotline: 'unknown',
    agentId: 'unknown',
    agentName: '',
    teamId: 'unknown',
    direction: 'inbound',
    startedAt: modified.toISOString(),
    durationSeconds: Math.round(durationSeconds * 10) / 10,
    recording: {
      uri: pathToFileURL(resolve(path)).href,
      channels: mixedChannel === undefined ? { agent: 0, customer: 1 } : { mixed: mixedChannel },
    },
  }
}

/** The local file of a recording URI (file:// or an absolute path); other schemes are not read here. */
export function recordingPath(uri: string): string | undefined {
  if (uri.startsWith('file://')) return fileURLToPath(uri)
  if (isAbsolute(uri)) return uri
  return undefined
}
