import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Transcript } from '../pipelines/contracts/transcript.js'
import { cepstralPrints, diarize, printWindows, type DiarizeOptions } from '../pipelines/diarization/diarize.js'
import { compileRuleset, scoreTranscript, type Scorer } from '../pipelines/scoring/score.js'
import { ensureAsrRuntime, ensureSileroVad, ensureVoiceEncoder } from '../models/fetch.js'
import { openVoicePrinter } from '../models/speakers/voice-prints.js'
import { openSileroVad } from '../models/vad/silero.js'
import { DECODE_RATE } from '../services/lib/audio/ffmpeg.js'
import { loadSpeechConfig } from '../services/lib/config/speech.js'
import { loadRuleset } from '../services/lib/rulesets/load.js'
import { openSpeechStack } from '../services/transcriber/speech-stack.js'
import { transcribeRecording, type SpeechStack } from '../services/transcriber/transcribe-recording.js'
import { diarizationError, type LabelledSpan } from './der.js'
import { amiExcerpts, englishCalls, readJson, syntheticCall, type TruthRecording } from './diarization-sets.js'

/*
 * npm run bench:diarization — speaker separation of mono recordings measured against ground truth:
 *   1. DER of the separation step (10 ms frames, 250 ms collar, overlap scored and not) on the real English service
 *      calls mixed down to mono (truth: each channel's speech), AMI excerpts (RTTM) and synthetic Mandarin calls
 *      (truth: the script's times); one-voice recordings (each English channel alone) for the one-speaker decision;
 *   2. roles on two-party calls, through the whole mono transcription path: share of calls whose agent is the real
 *      agent, share of speech time given to the right role;
 *   3. verdict agreement: each rule's outcome on the mono transcript against the stereo one of the same call
 *      (interruption aside: on mono it is `na` by design);
 *   4. the separation step's real-time factor: wall time and CPU seconds (this process + the encoder's process).
 * Targets (issue 12): roles right on ≥ 98% of two-party calls, ≥ 95% of rule results equal, DER ≤ 15%, ≤ 0.05 RTF.
 *
 * BENCH_TEST_CALLS: a folder of synthetic test calls (manifest.json). BENCH_PARTS=der or =roles runs only 1 or
 * only 2–3 (2–3 transcribe every two-party call twice: the slow part); BENCH_ROLES_SETS=zh-synthetic,en-stereo
 * picks the calls of 2–3;
 * BENCH_DIARIZE='[{…}, …]' compares separation settings on DER alone (options of pipelines/diarization/diarize.ts,
 * plus "prints": "cepstral" for voice prints without the model).
 */

const say = (line: string) => console.error(line)
const vad = openSileroVad({ modelPath: await ensureSileroVad(say) })
const printer = await openVoicePrinter({ python: await ensureAsrRuntime(say), weights: await ensureVoiceEncoder(say) })
const pct = (x: number) => `${(x * 100).toFixed(1)}%`
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores shared: wall times are inflated by other work)`)

interface Synthetic {
  id: string
  mono: string
  recording: string
  reference: Transcript
}
const synthetic: Synthetic[] = process.env.BENCH_TEST_CALLS
  ? (readJson(join(process.env.BENCH_TEST_CALLS, 'manifest.json')) as { calls: Synthetic[] }).calls
  : []
const sets: TruthRecording[] = [...(await englishCalls(vad)), ...(await amiExcerpts())]
for (const c of synthetic) sets.push(await syntheticCall(c.id, c.mono, c.reference.utterances))
const spansOf = new Map(sets.map((r) => [r, vad.detect(r.mono)]))

// 1. DER of the separation step (and its cost).
const variants = [JSON.parse(process.env.BENCH_DIARIZE ?? '{}')].flat() as Array<Partial<DiarizeOptions> & { prints?: 'neural' | 'cepstral' }>
const parts = (process.env.BENCH_PARTS ?? 'der,roles').split(',')
for (const options of parts.includes('der') ? variants : []) {
  if (variants.length > 1) console.log(`\nsettings ${JSON.stringify(options)}`)
  else console.log('\n1. DER of the separation step (collar 250 ms):')
  const sums = new Map<string, { scored: number; err: number; scoredNo: number; errNo: number; conf: number; cpu: number; wall: number; audio: number; right: number; n: number }>()
  for (const rec of sets) {
    const spans = spansOf.get(rec)!
    const cpu0 = process.cpuUsage()
    const encoder0 = printer.cpuSeconds() ?? 0
    const wall0 = performance.now()
    const windows = printWindows(spans, options)
    const prints =
      options.prints === 'cepstral'
        ? cepstralPrints(rec.mono, DECODE_RATE, windows)
        : await printer.prints(rec.mono, windows.map((w) => ({ from: (w.startMs * DECODE_RATE) / 1000, to: (w.endMs * DECODE_RATE) / 1000 })))
    const d = diarize(spans, windows, prints, options)
    const wall = (performance.now() - wall0) / 1000
    const used = process.cpuUsage(cpu0)
    const cpu = (used.user + used.system) / 1e6 + ((printer.cpuSeconds() ?? 0) - encoder0)
    const hyp: LabelledSpan[] = d.turns.map((t) => ({ startMs: t.startMs, endMs: t.endMs, speaker: `s${t.speaker}` }))
    const scored = diarizationError(rec.truth, hyp, rec.totalMs, { collarMs: 250, scoreOverlap: true })
    const noOverlap = diarizationError(rec.truth, hyp, rec.totalMs, { collarMs: 250, scoreOverlap: false })
    const speakers = new Set(rec.truth.map((t) => t.speaker)).size
    if (variants.length === 1 || process.env.BENCH_VERBOSE) {
      console.log(
        `  ${rec.set.padEnd(12)} ${rec.id.padEnd(30)} speakers ${speakers}/${d.speakers}  DER ${pct(scored.der).padStart(6)} (overlap excluded ${pct(noOverlap.der).padStart(6)}: miss ${noOverlap.missSeconds.toFixed(1)} s, false alarm ${noOverlap.falseAlarmSeconds.toFixed(1)} s, confusion ${noOverlap.confusionSeconds.toFixed(1)} s)  ${cpu.toFixed(2)} CPU-s, ${wall.toFixed(2)} s`,
      )
    }
    const s = sums.get(rec.set) ?? { scored: 0, err: 0, scoredNo: 0, errNo: 0, conf: 0, cpu: 0, wall: 0, audio: 0, right: 0, n: 0 }
    s.scored += scored.scoredSeconds
    s.err += scored.der * scored.scoredSeconds
    s.scoredNo += noOverlap.scoredSeconds
    s.errNo += noOverlap.der * noOverlap.scoredSeconds
    s.conf += noOverlap.confusionSeconds
    s.cpu += cpu
    s.wall += wall
    s.audio += rec.totalMs / 1000
    s.right += speakers === d.speakers ? 1 : 0
    s.n++
    sums.set(rec.set, s)
  }
  for (const [set, s] of sums) {
    console.log(
      `  ==> ${set}: DER ${pct(s.err / s.scored)} overlap scored, ${pct(s.errNo / s.scoredNo)} overlap excluded (confusion ${pct(s.conf / s.scoredNo)}); speaker count right ${s.right}/${s.n}; separation RTF ${(s.wall / s.audio).toFixed(4)} wall, ${(s.cpu / s.audio).toFixed(4)} CPU-s per audio second (${s.audio.toFixed(0)} s of audio)`,
    )
  }
}

// 2–3. Roles and verdicts through the whole transcription path.
const rolesSets = (process.env.BENCH_ROLES_SETS ?? 'en-stereo,zh-synthetic').split(',')
if (parts.includes('roles') && variants.length === 1) {
  const stack = await openSpeechStack(loadSpeechConfig(process.env), say)
  const defaultScorer = compileRuleset(loadRuleset())
  const testScorer = process.env.BENCH_TEST_RULESET ? compileRuleset(loadRuleset(process.env.BENCH_TEST_RULESET)) : defaultScorer
  const twoParty: Array<{ id: string; mono: string; stereo: string; truth: LabelledSpan[]; scorer: Scorer; cdr?: Transcript }> = []
  for (const rec of sets.filter((r) => r.set === 'en-stereo' && rolesSets.includes('en-stereo'))) {
    const file = `DERIVED_${rec.id}_stereo_L-agent_R-caller.wav`
    twoParty.push({ id: rec.id, mono: '', stereo: join(process.env.CALLQA_CORPORA ?? join(process.cwd(), '..', 'shared', 'corpora'), 'calls-en-stereo', file), truth: rec.truth, scorer: defaultScorer })
  }
  for (const c of rolesSets.includes('zh-synthetic') ? synthetic : []) {
    twoParty.push({ id: c.id, mono: c.mono, stereo: c.recording, truth: c.reference.utterances.map((u) => ({ ...u })), scorer: testScorer, cdr: c.reference })
  }
  console.log('\n2–3. Roles and verdicts, mono transcription path against the stereo one:')
  let callsRight = 0
  let timeRight = 0
  let timeAll = 0
  let same = 0
  let compared = 0
  let flagged = 0
  const differences = new Map<string, number>()
  for (const call of twoParty) {
    const cdr = call.cdr && { ...call.cdr, recording: { uri: call.stereo, channels: { agent: 0, customer: 1 } } }
    const stereo = await transcribeRecording(stack, call.stereo, cdr)
    // The mono copy: a synthetic call's mix-down, or ffmpeg's mix-down of the real stereo call (channel map mixed).
    const mono = call.mono
      ? await transcribeRecording(stack, call.mono, cdr && { ...cdr, recording: { uri: call.mono, channels: { mixed: 0 } } })
      : await transcribeMixedDown(stack, call.stereo, cdr)
    if (!stereo.ok || !mono.ok) {
      console.log(`  ${call.id}: transcription failed: ${stereo.ok ? '' : stereo.reason} ${mono.ok ? '' : mono.reason}`)
      continue
    }
    const roles = mono.transcript.roles
    const right = roleTime(mono.transcript, call.truth)
    timeRight += right.right
    timeAll += right.all
    const agentRight = right.agentRight
    callsRight += agentRight ? 1 : 0
    flagged += roles?.review ? 1 : 0
    const a = scoreTranscript(call.scorer, stereo.transcript, '2026-11-30T12:00:00+08:00')
    const b = scoreTranscript(call.scorer, mono.transcript, '2026-11-30T12:00:00+08:00')
    const diff: string[] = []
    for (const r of a.results) {
      if (r.ruleId === 'interruption') continue
      const other = b.results.find((x) => x.ruleId === r.ruleId)
      compared++
      if (other?.outcome === r.outcome) same++
      else {
        diff.push(`${r.ruleId} ${r.outcome}→${other?.outcome}`)
        differences.set(r.ruleId, (differences.get(r.ruleId) ?? 0) + 1)
      }
    }
    console.log(
      `  ${call.id.padEnd(26)} roles ${agentRight ? 'right' : 'WRONG'} (confidence ${roles?.confidence.toFixed(2)}, ${roles?.speakers} voices${roles?.review ? ', review' : ''}), speech time right ${pct(right.right / (right.all || 1))}; verdicts differ: ${diff.join(', ') || 'none'}`,
    )
  }
  const n = twoParty.length
  console.log(`  ==> roles right on ${callsRight}/${n} two-party calls (${pct(callsRight / (n || 1))}); speech time to the right role ${pct(timeRight / (timeAll || 1))}; ${flagged} calls marked for review`)
  console.log(`  ==> rule results equal mono vs stereo (interruption aside): ${same}/${compared} (${pct(same / (compared || 1))}); differing: ${[...differences].map(([r, k]) => `${r} ${k}`).join(', ') || 'none'}`)
  await stack.close()
}
console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
await printer.close()

/** The real stereo call mixed down by ffmpeg to a temporary mono WAV, transcribed as a mono recording. */
async function transcribeMixedDown(stack: SpeechStack, stereo: string, cdr: Transcript | undefined) {
  const dir = await mkdtemp(join(tmpdir(), 'callqa-bench-diar-'))
  try {
    const mono = join(dir, 'mono.wav')
    await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', stereo, '-ac', '1', '-c:a', 'pcm_s16le', mono])
    return await transcribeRecording(stack, mono, cdr)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Speech time of the mono transcript's utterances given to the right role (truth: the speaker talking most then). */
function roleTime(t: Transcript, truth: readonly LabelledSpan[]): { right: number; all: number; agentRight: boolean } {
  let right = 0
  let all = 0
  let agentAsAgent = 0
  let agentAsCustomer = 0
  for (const u of t.utterances) {
    const overlap = (speaker: string) => truth.filter((x) => x.speaker === speaker).reduce((sum, x) => sum + Math.max(0, Math.min(u.endMs, x.endMs) - Math.max(u.startMs, x.startMs)), 0)
    const agent = overlap('agent')
    const customer = overlap('customer')
    if (agent + customer === 0) continue
    all += agent + customer
    right += u.speaker === 'agent' ? agent : u.speaker === 'customer' ? customer : 0
    if (u.speaker === 'agent') agentAsAgent += agent
    if (u.speaker === 'customer') agentAsCustomer += agent
  }
  return { right, all, agentRight: agentAsAgent > agentAsCustomer }
}
