import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { DECODE_RATE, decodeChannels } from '../services/lib/audio/ffmpeg.js'
import type { Vad } from '../models/vad/silero.js'
import { CORPORA_DIR } from './corpora.js'
import type { LabelledSpan } from './der.js'
import { readRttm } from './vad-score.js'

/*
 * Recordings with speaker truth for bench:diarization, each as the mono audio the separation step sees:
 *   - the real English service calls (calls-en-stereo), mixed down to mono; truth = each channel's speech (VAD);
 *   - AMI excerpts (overlap-ami) with their RTTM;
 *   - synthetic Mandarin calls, when given (see bench/diarization.ts).
 */

export interface TruthRecording {
  set: 'en-stereo' | 'ami' | 'zh-synthetic' | 'one-speaker'
  id: string
  /** 16 kHz mono samples. */
  mono: Float32Array
  truth: LabelledSpan[]
  /** For two-party calls: which truth speaker is the agent. */
  agent?: string
  totalMs: number
}

export async function englishCalls(vad: Vad): Promise<TruthRecording[]> {
  const dir = join(CORPORA_DIR, 'calls-en-stereo')
  const files = readdirSync(dir).filter((f) => f.startsWith('DERIVED_') && f.endsWith('.wav')).sort()
  const out: TruthRecording[] = []
  for (const file of files) {
    const path = join(dir, file)
    const [{ channels }, { channels: mixed }] = await Promise.all([decodeChannels(path, 2), decodeChannels(path, 1)])
    const truth = (['agent', 'customer'] as const).flatMap((speaker, c) => vad.detect(channels[c]!).map((s) => ({ ...s, speaker })))
    const id = file.replace(/^DERIVED_|_stereo.*$/g, '')
    out.push({ set: 'en-stereo', id, mono: mixed[0]!, truth, agent: 'agent', totalMs: msOf(mixed[0]!) })
    // Each channel alone: one voice, for the one-speaker decision (an IVR prompt, a voicemail).
    ;(['agent', 'customer'] as const).forEach((speaker, c) =>
      out.push({ set: 'one-speaker', id: `${id}:${speaker}`, mono: channels[c]!, truth: truth.filter((t) => t.speaker === speaker), totalMs: msOf(channels[c]!) }),
    )
  }
  return out
}

export async function amiExcerpts(): Promise<TruthRecording[]> {
  const dir = join(CORPORA_DIR, 'overlap-ami')
  const items = [
    { wav: 'sample/sample.wav', rttm: 'sample/sample.rttm', uri: 'sample' },
    ...['dev00', 'dev01'].map((uri) => ({ wav: `debug/${uri}.wav`, rttm: 'debug/debug.development.rttm', uri })),
    ...['tst00', 'tst01'].map((uri) => ({ wav: `debug/${uri}.wav`, rttm: 'debug/debug.test.rttm', uri })),
    { wav: 'mixture/mixture.wav', rttm: 'mixture/mixture.rttm', uri: 'mixture' },
  ].filter((i) => existsSync(join(dir, i.wav)))
  const out: TruthRecording[] = []
  for (const item of items) {
    const { channels } = await decodeChannels(join(dir, item.wav), 1)
    out.push({ set: 'ami', id: item.uri, mono: channels[0]!, truth: readRttm(join(dir, item.rttm), item.uri), totalMs: msOf(channels[0]!) })
  }
  return out
}

/** A synthetic call's mono mix-down and its reference transcript's utterances as truth. */
export async function syntheticCall(id: string, monoPath: string, utterances: ReadonlyArray<{ speaker: string; startMs: number; endMs: number }>): Promise<TruthRecording> {
  const { channels } = await decodeChannels(monoPath, 1)
  return {
    set: 'zh-synthetic',
    id,
    mono: channels[0]!,
    truth: utterances.map((u) => ({ startMs: u.startMs, endMs: u.endMs, speaker: u.speaker })),
    agent: 'agent',
    totalMs: msOf(channels[0]!),
  }
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

function msOf(samples: Float32Array): number {
  return Math.round((samples.length / DECODE_RATE) * 1000)
}
