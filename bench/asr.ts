import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSpeechConfig } from '../services/lib/config/speech.js'
import { DECODE_RATE, decodeChannels } from '../services/lib/audio/ffmpeg.js'
import { openSpeechStack } from '../services/transcriber/speech-stack.js'
import { transcribeRecording } from '../services/transcriber/transcribe-recording.js'
import { intersections } from '../pipelines/scoring/metrics.js'
import { ASR_DIR, CORPORA_DIR, readAsrRefs, telephoneCopy, type AsrRef } from './corpora.js'
import { editDistance, normalizeForCer } from './cer.js'
import { frameScore, readRttm } from './vad-score.js'

/*
 * npm run bench:asr — the speech side measured on real audio from ../shared/corpora:
 *   1. CER on the mandarin-asr clips (refs.tsv), 16 kHz and their telephone-8k copies; targets ≤ 10% on gold;
 *   2. real-time factor of the whole path (decode, VAD, ASR) on a 2-channel Mandarin call built from those clips,
 *      and on a real 4-minute stereo service call (English; a compute figure only); target ≤ 0.25;
 *   3. peak memory of this process and of the recogniser's;
 *   4. overtalk found by per-channel VAD on the stereo calls, and VAD speech detection against AMI's RTTM truth.
 */

const stack = await openSpeechStack(loadSpeechConfig(process.env), (line) => console.error(line))
const work = mkdtempSync(join(tmpdir(), 'callqa-bench-asr-'))
try {
  console.log(`engine: ${stack.asr.engine}, model: ${stack.asr.model}, threads: ${loadSpeechConfig(process.env).threads}`)
  const refs = readAsrRefs()
  for (const variant of ['16k', 'telephone-8k'] as const) {
    console.log(`\nCER, mandarin-asr ${variant}:`)
    const totals = new Map<string, { errors: number; chars: number }>()
    for (const ref of refs) {
      const path = variant === '16k' ? join(ASR_DIR, ref.file) : telephoneCopy(ref.file)
      const outcome = await transcribeRecording(stack, path)
      if (!outcome.ok) throw new Error(`${path}: ${outcome.reason}`)
      const hyp = normalizeForCer(outcome.transcript.utterances.map((u) => u.text).join(''))
      const errors = editDistance(normalizeForCer(ref.reference), hyp)
      const total = totals.get(ref.quality) ?? { errors: 0, chars: 0 }
      total.errors += errors
      total.chars += [...ref.reference].length
      totals.set(ref.quality, total)
      console.log(`  ${ref.quality.padEnd(6)} ${pct(errors / [...ref.reference].length).padStart(6)}  ${ref.file}\n         ref ${ref.reference}\n         hyp ${hyp}`)
    }
    for (const [quality, t] of totals) console.log(`  ==> ${variant} ${quality} CER ${pct(t.errors / t.chars)} (${t.errors}/${t.chars} chars)`)
  }

  console.log('\nReal-time factor (decode + VAD + ASR, wall clock):')
  // The English call is recognised as English: forcing Mandarin on it makes Whisper loop, which measures nothing real.
  const english = await openSpeechStack(loadSpeechConfig({ ...process.env, CALLQA_ASR_LANGUAGE: 'en' }), (line) => console.error(line))
  for (const [label, path, speech] of [
    ['2-channel Mandarin call built from the clips', buildMandarinCall(refs), stack],
    ['calls-en-stereo Auto_Repairs_40 (real, 4 min, English)', join(CORPORA_DIR, 'calls-en-stereo', 'DERIVED_Auto_Repairs_40_UTC_stereo_L-agent_R-caller.wav'), english],
  ] as const) {
    const started = performance.now()
    const outcome = await transcribeRecording(speech, path)
    const seconds = (performance.now() - started) / 1000
    if (!outcome.ok) throw new Error(`${path}: ${outcome.reason}`)
    console.log(
      `  ${label}: ${outcome.audioSeconds.toFixed(1)} s of audio (${outcome.speechSeconds.toFixed(1)} s speech over both channels) in ${seconds.toFixed(1)} s → RTF ${(seconds / outcome.audioSeconds).toFixed(3)}`,
    )
  }
  await english.close()
  console.log(`\nPeak memory: this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB, recogniser ${((stack.asr.peakMemoryKb() ?? 0) / 1024).toFixed(0)} MiB`)

  console.log('\nOvertalk from per-channel VAD (overlaps ≥ 300 ms):')
  for (const name of ['DERIVED_Auto_Repairs_40_UTC_stereo_L-agent_R-caller.wav', 'DERIVED_Auto_Repairs_49_UTC_stereo_L-agent_R-caller.wav']) {
    const [agent, caller] = (await decodeChannels(join(CORPORA_DIR, 'calls-en-stereo', name), 2)).channels
    // The scorer's own overtalk sweep, on VAD spans instead of utterances.
    const overlaps = intersections(stack.vad.detect(agent!), stack.vad.detect(caller!)).filter((o) => o.endMs - o.startMs >= 300)
    console.log(`  ${name}: ${overlaps.length} overlaps, ${(overlaps.reduce((s, o) => s + o.endMs - o.startMs, 0) / 1000).toFixed(1)} s — ${overlaps.slice(0, 6).map((o) => `${(o.startMs / 1000).toFixed(1)}s`).join(', ')}${overlaps.length > 6 ? ' …' : ''}`)
  }

  console.log('\nVAD against AMI RTTM truth (10 ms frames; speech = any speaker talking):')
  for (const [wav, rttm, uri] of [
    ['sample/sample.wav', 'sample/sample.rttm', 'sample'],
    ['mixture/mixture.wav', 'mixture/mixture.rttm', 'mixture'],
  ] as const) {
    const [samples] = (await decodeChannels(join(CORPORA_DIR, 'overlap-ami', wav), 1)).channels
    const truth = readRttm(join(CORPORA_DIR, 'overlap-ami', rttm), uri)
    const found = stack.vad.detect(samples!)
    const score = frameScore(truth, found, Math.floor((samples!.length / DECODE_RATE) * 100))
    console.log(`  ${wav}: precision ${pct(score.precision)}, recall ${pct(score.recall)}; truth has ${score.overlapSeconds.toFixed(1)} s of overlapped speech, VAD covers ${pct(score.overlapCovered)} of it`)
  }
} finally {
  await stack.close()
  rmSync(work, { recursive: true, force: true })
}

/** The clips as one call: alternately on the left (agent) and right (customer) channel, 0.8 s apart. */
function buildMandarinCall(refs: readonly AsrRef[]): string {
  const out = join(work, 'mandarin-call.wav')
  const inputs = refs.flatMap((r) => ['-i', join(ASR_DIR, r.file)])
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...inputs, '-filter_complex', mandarinGraph(refs.length), '-map', '[out]', '-ar', '16000', out])
  return out
}

function mandarinGraph(n: number): string {
  const lines: string[] = []
  for (let i = 0; i < n; i++) {
    lines.push(`[${i}:a]aresample=16000,aformat=channel_layouts=mono,apad=pad_dur=0.8,asplit=2[s${i}][t${i}]`)
    lines.push(`[t${i}]volume=0[q${i}]`)
  }
  const left = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? `[s${i}]` : `[q${i}]`))
  const right = Array.from({ length: n }, (_, i) => (i % 2 === 1 ? `[s${i}]` : `[q${i}]`))
  // A stream can feed one filter only, so the left takes the clip and the right its silent twin (or the reverse).
  lines.push(`${left.join('')}concat=n=${n}:v=0:a=1[left]`)
  lines.push(`${right.join('')}concat=n=${n}:v=0:a=1[right]`)
  lines.push('[left][right]join=inputs=2:channel_layout=stereo[out]')
  return lines.join(';')
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`
}
