import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSpeechConfig } from '../services/lib/config/speech.js'
import { DECODE_RATE, decodeChannels } from '../services/lib/audio/ffmpeg.js'
import { openSpeechStack } from '../services/transcriber/speech-stack.js'
import { transcribeRecording, type SpeechStack } from '../services/transcriber/transcribe-recording.js'
import type { AsrEngine } from '../models/asr/engine.js'
import { openFasterWhisper, type FasterWhisperOptions } from '../models/asr/faster-whisper.js'
import { ensureAsrRuntime, ensureWhisperBase } from '../models/fetch.js'
import { speechWindows } from '../pipelines/transcription/windows.js'
import { intersections } from '../pipelines/scoring/metrics.js'
import { ASR_DIR, CORPORA_DIR, readAsrRefs, telephoneCopy, type AsrRef } from './corpora.js'
import { editDistance, normalizeForCer } from './cer.js'
import { frameScore, readRttm } from './vad-score.js'
import { cpuNow, cpuSince, load, type CpuSample } from './cpu.js'

/*
 * npm run bench:asr — the speech side measured on real audio from ../shared/corpora:
 *   1. CER on the mandarin-asr clips (refs.tsv), 16 kHz and their telephone-8k copies; targets ≤ 10% on gold;
 *   2. cost of the whole path on a 2-channel Mandarin call built from those clips and on a real 4-minute stereo
 *      service call (English; a compute figure only): real-time factor (wall clock, with the load average beside it,
 *      target ≤ 0.08 on 2 cores) and CPU-seconds per audio hour of each stage (decode, VAD, recognition), which the
 *      neighbours on a shared machine distort much less;
 *   3. peak memory of this process and of the recogniser's;
 *   4. overtalk found by per-channel VAD on the stereo calls, and VAD speech detection against AMI's RTTM truth;
 *   with --variants [part of a label] instead: the recogniser's settings side by side (batch size, beam, word
 *      timestamps, one process with two threads or two with one), CER and cost of each, to choose the defaults from.
 */

const ENGLISH_CALL = join(CORPORA_DIR, 'calls-en-stereo', 'DERIVED_Auto_Repairs_40_UTC_stereo_L-agent_R-caller.wav')

const config = loadSpeechConfig(process.env)
const stack = await openSpeechStack(config, (line) => console.error(line))
const work = mkdtempSync(join(tmpdir(), 'callqa-bench-asr-'))
try {
  const only = process.argv.indexOf('--variants')
  if (only >= 0) await variants(readAsrRefs(), buildMandarinCall(readAsrRefs()), process.argv[only + 1])
  else await measure()
} finally {
  await stack.close()
  rmSync(work, { recursive: true, force: true })
}

/** The speech path with the configured settings: accuracy, cost, memory, overtalk and VAD. */
async function measure(): Promise<void> {
  console.log(`engine: ${stack.asr.engine}, model: ${stack.asr.model}, threads: ${config.threads}, beam: ${config.beamSize}, batch: ${config.batchSize}`)
  const refs = readAsrRefs()
  for (const variant of ['16k', 'telephone-8k'] as const) {
    console.log(`\nCER, mandarin-asr ${variant}:`)
    for (const [quality, t] of await cer(stack, refs, variant, (line) => console.log(line))) {
      console.log(`  ==> ${variant} ${quality} CER ${pct(t.errors / t.chars)} (${t.errors}/${t.chars} chars)`)
    }
  }

  console.log('\nCost per call (decode + VAD + recognition; RTF = wall clock / audio; CPU = this process and its children):')
  // The English call is recognised as English: forcing Mandarin on it makes Whisper loop, which measures nothing real.
  const english = await openSpeechStack(loadSpeechConfig({ ...process.env, CALLQA_ASR_LANGUAGE: 'en' }), (line) => console.error(line))
  const calls = [
    ['2-channel Mandarin call built from the clips', buildMandarinCall(refs), stack],
    ['calls-en-stereo Auto_Repairs_40 (real, 4 min, English)', ENGLISH_CALL, english],
  ] as const
  for (const [label, path, speech] of calls) console.log(formatCost(label, await cost(speech, path)))
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
}

type Totals = Map<string, { errors: number; chars: number }>

/** CER by quality (gold, silver) over the clips or their telephone copies; `say` gets each clip's line. */
async function cer(speech: SpeechStack, refs: readonly AsrRef[], variant: '16k' | 'telephone-8k', say?: (line: string) => void): Promise<Totals> {
  const totals: Totals = new Map()
  for (const ref of refs) {
    const path = variant === '16k' ? join(ASR_DIR, ref.file) : telephoneCopy(ref.file)
    // Recognition alone: the clips are single sentences, not calls to separate into speakers.
    const outcome = await transcribeRecording({ ...speech, speakers: undefined }, path)
    if (!outcome.ok) throw new Error(`${path}: ${outcome.reason}`)
    const hyp = normalizeForCer(outcome.transcript.utterances.map((u) => u.text).join(''))
    const errors = editDistance(normalizeForCer(ref.reference), hyp)
    const total = totals.get(ref.quality) ?? { errors: 0, chars: 0 }
    total.errors += errors
    total.chars += [...ref.reference].length
    totals.set(ref.quality, total)
    say?.(`  ${ref.quality.padEnd(6)} ${pct(errors / [...ref.reference].length).padStart(6)}  ${ref.file}\n         ref ${ref.reference}\n         hyp ${hyp}`)
  }
  return totals
}

interface Cost {
  audioSeconds: number
  speechSeconds: number
  windows: number
  /** Windows of speech the first pass left out (coverage.ts). */
  heardAgain: number
  wallSeconds: number
  load: string
  decode: number
  vad: number
  recognition: number
}

/**
 * One call's cost by stage. Decode and VAD are measured on their own first; the whole path is then timed, and what
 * it cost beyond them is recognition (the sidecar's CPU, and this side's packing and assembly).
 */
async function cost(speech: SpeechStack, path: string): Promise<Cost> {
  let mark = cpuNow()
  const { channels } = await decodeChannels(path, 2)
  const decode = total(cpuSince(mark))
  mark = cpuNow()
  const spans = channels.map((samples) => speech.vad.detect(samples))
  const vad = total(cpuSince(mark))
  const totalMs = Math.round(((channels[0]?.length ?? 0) / DECODE_RATE) * 1000)
  const windows = speechWindows(speech.windows, spans, totalMs).length
  // Every window the recogniser decodes, the speech heard again included.
  let decoded = 0
  const counting: AsrEngine = { ...speech.asr, recognize: (ws) => ((decoded += ws.length), speech.asr.recognize(ws)) }

  mark = cpuNow()
  const started = performance.now()
  const outcome = await transcribeRecording({ ...speech, asr: counting }, path)
  const wallSeconds = (performance.now() - started) / 1000
  const whole = total(cpuSince(mark))
  if (!outcome.ok) throw new Error(`${path}: ${outcome.reason}`)
  return { audioSeconds: outcome.audioSeconds, speechSeconds: outcome.speechSeconds, windows, heardAgain: decoded - windows, wallSeconds, load: load(), decode, vad, recognition: whole - decode - vad }
}

function formatCost(label: string, c: Cost): string {
  const perHour = (cpu: number) => `${Math.round((cpu * 3600) / c.audioSeconds)}`
  const cpu = c.decode + c.vad + c.recognition
  return (
    `  ${label}: ${c.audioSeconds.toFixed(1)} s of audio, ${c.speechSeconds.toFixed(1)} s speech over both channels, ${c.windows} windows + ${c.heardAgain} heard again\n` +
    `    wall ${c.wallSeconds.toFixed(1)} s → RTF ${(c.wallSeconds / c.audioSeconds).toFixed(3)} (${c.load})\n` +
    `    CPU ${cpu.toFixed(1)} s → ${(cpu / c.audioSeconds).toFixed(3)} CPU-s per audio s; CPU-s per audio hour: ` +
    `decode ${perHour(c.decode)}, VAD ${perHour(c.vad)}, recognition ${perHour(c.recognition)}, total ${perHour(cpu)}`
  )
}

function total(cpu: CpuSample): number {
  return cpu.self + cpu.children
}

/** The recogniser's settings side by side on the same clips and call. */
async function variants(refs: readonly AsrRef[], mandarinCall: string, only = ''): Promise<void> {
  console.log('\nVariants (CER on gold clips / their telephone copies; cost on the Mandarin call and the English call):')
  const python = await ensureAsrRuntime(() => {})
  const modelDir = config.modelDir ?? (await ensureWhisperBase(() => {}))
  const open = (o: Partial<FasterWhisperOptions>, language: string) => openFasterWhisper({ python, modelDir, language, threads: config.threads, ...o })
  const settings: Array<[string, Partial<FasterWhisperOptions>, number]> = [
    ['one by one, beam 5 (packing only)', { batchSize: 1, beamSize: 5 }, 1],
    ['batch 8, beam 5', { batchSize: 8, beamSize: 5 }, 1],
    ['batch 8, beam 3', { batchSize: 8, beamSize: 3 }, 1],
    ['batch 8, beam 2', { batchSize: 8, beamSize: 2 }, 1],
    ['batch 8, beam 1', { batchSize: 8, beamSize: 1 }, 1],
    ['batch 16, beam 5', { batchSize: 16, beamSize: 5 }, 1],
    ['batch 8, beam 5, no word timestamps', { batchSize: 8, beamSize: 5, wordTimestamps: false }, 1],
    ['batch 8, beam 5, two processes × 1 thread', { batchSize: 8, beamSize: 5, threads: 1 }, 2],
  ]
  for (const [label, options, processes] of settings.filter(([label]) => label.includes(only))) {
    const engines = async (language: string) => pool(await Promise.all(Array.from({ length: processes }, () => open(options, language))))
    const zh = { vad: stack.vad, asr: await engines('zh'), limits: stack.limits, windows: 'speech' as const }
    const en = { vad: stack.vad, asr: await engines('en'), limits: stack.limits, windows: 'speech' as const }
    try {
      const gold = async (variant: '16k' | 'telephone-8k') => {
        const t = (await cer(zh, refs, variant)).get('gold')!
        return pct(t.errors / t.chars)
      }
      console.log(`  ${label}: CER ${await gold('16k')} / ${await gold('telephone-8k')}`)
      console.log(formatCost('  Mandarin call', await cost(zh, mandarinCall)))
      console.log(formatCost('  English call', await cost(en, ENGLISH_CALL)))
    } finally {
      await zh.asr.close()
      await en.asr.close()
    }
  }
}

/** Several recognisers as one: a request's windows split evenly between them, decoded at the same time. */
function pool(engines: readonly AsrEngine[]): AsrEngine {
  const [first] = engines
  if (engines.length === 1) return first!
  return {
    engine: first!.engine,
    model: first!.model,
    batchSize: first!.batchSize * engines.length,
    recognize: async (windows) => {
      const share = Math.ceil(windows.length / engines.length)
      const parts = await Promise.all(engines.map((e, i) => e.recognize(windows.slice(i * share, (i + 1) * share))))
      return parts.flat()
    },
    peakMemoryKb: () => engines.reduce((sum, e) => sum + (e.peakMemoryKb() ?? 0), 0),
    close: async () => {
      await Promise.all(engines.map((e) => e.close()))
    },
  }
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
