import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { ASR_DIR, type AsrRef } from './corpora.js'

/*
 * Stereo call recordings made of the real Mandarin clips of ../shared/corpora/mandarin-asr, each clip on the agent's
 * (left) or the customer's (right) channel with silence on the other, so the speech is real and what was said is
 * known (the reference texts of refs.tsv): the archive of bench:archive and of the archive re-transcription test.
 */

export interface Turn {
  clip: AsrRef
  /** 0 = agent (left), 1 = customer (right). */
  channel: 0 | 1
  /** Silence after the clip, seconds. */
  pauseAfter: number
}

/** Writes the turns one after the other as a 16 kHz stereo WAV. */
export function buildStereoCall(out: string, turns: readonly Turn[]): void {
  const inputs = turns.flatMap((t) => ['-i', join(ASR_DIR, t.clip.file)])
  const lines: string[] = []
  turns.forEach((t, i) => {
    lines.push(`[${i}:a]aresample=16000,aformat=channel_layouts=mono,apad=pad_dur=${t.pauseAfter},asplit=2[s${i}][t${i}]`)
    lines.push(`[t${i}]volume=0[q${i}]`)
  })
  // A stream can feed one filter only, so one side takes the clip and the other its silent twin.
  const side = (channel: 0 | 1) => turns.map((t, i) => (t.channel === channel ? `[s${i}]` : `[q${i}]`)).join('')
  lines.push(`${side(0)}concat=n=${turns.length}:v=0:a=1[left]`)
  lines.push(`${side(1)}concat=n=${turns.length}:v=0:a=1[right]`)
  lines.push('[left][right]join=inputs=2:channel_layout=stereo[out]')
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...inputs, '-filter_complex', lines.join(';'), '-map', '[out]', '-ar', '16000', out])
}
