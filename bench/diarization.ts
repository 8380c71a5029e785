import { join } from 'node:path'
import { DECODE_RATE } from '../services/lib/audio/ffmpeg.js'
import { asrPython, ensureSileroVad, ensureVoiceEncoder } from '../models/fetch.js'
import { openVoicePrinter } from '../models/speakers/voice-prints.js'
import { openSileroVad } from '../models/vad/silero.js'
import { cepstralPrints, diarize, printWindows, type DiarizeOptions } from '../pipelines/diarization/diarize.js'
import { diarizationError } from './der.js'
import { amiExcerpts, englishCalls, readJson, syntheticCall, type TruthRecording } from './diarization-sets.js'

const vad = openSileroVad({ modelPath: await ensureSileroVad((l) => console.error(l)) })
const variants = [JSON.parse(process.env.BENCH_DIARIZE ?? '{}')].flat() as Array<Partial<DiarizeOptions> & { prints?: 'neural' | 'cepstral' }>
const printer = await openVoicePrinter({ python: asrPython(), weights: await ensureVoiceEncoder((l) => console.error(l)) })
const sets: TruthRecording[] = [...(await englishCalls(vad)), ...(await amiExcerpts())]
if (process.env.BENCH_TEST_CALLS) {
  const manifest = readJson(join(process.env.BENCH_TEST_CALLS, 'manifest.json')) as { calls: Array<{ id: string; mono: string; reference: { utterances: Array<{ speaker: string; startMs: number; endMs: number }> } }> }
  for (const c of manifest.calls) sets.push(await syntheticCall(c.id, c.mono, c.reference.utterances))
}
const quiet = variants.length > 1
const spansOf = new Map(sets.map((r) => [r, vad.detect(r.mono)]))
for (const options of variants) {
console.log(JSON.stringify(options))
const sums = new Map<string, { scored: number; err: number; errNo: number; scoredNo: number; conf: number; cpu: number; audio: number }>()
for (const rec of sets) {
  const spans = spansOf.get(rec)!
  const t0 = process.cpuUsage()
  const windows = printWindows(spans, options)
  const prints = options.prints === 'cepstral' ? cepstralPrints(rec.mono, DECODE_RATE, windows) : await printer.prints(rec.mono, windows.map((w) => ({ from: w.startMs * 16, to: w.endMs * 16 })))
  const d = diarize(rec.mono, DECODE_RATE, spans, windows, prints, options)
  const cpu = process.cpuUsage(t0)
  const hyp = d.turns.map((t) => ({ startMs: t.startMs, endMs: t.endMs, speaker: `s${t.speaker}` }))
  const withOverlap = diarizationError(rec.truth, hyp, rec.totalMs, { collarMs: 250, scoreOverlap: true })
  const noOverlap = diarizationError(rec.truth, hyp, rec.totalMs, { collarMs: 250, scoreOverlap: false })
  const refSpeakers = new Set(rec.truth.map((t) => t.speaker)).size
  if (!quiet || process.env.BENCH_VERBOSE) console.log(`${rec.set.padEnd(13)} ${rec.id.padEnd(24)} spk ${refSpeakers}/${d.speakers} sim2 ${d.twoWaySimilarity.toFixed(3)}  DER ${(withOverlap.der * 100).toFixed(1).padStart(5)}%  (no-ovl ${(noOverlap.der * 100).toFixed(1).padStart(5)}%: miss ${noOverlap.missSeconds.toFixed(1)} fa ${noOverlap.falseAlarmSeconds.toFixed(1)} conf ${noOverlap.confusionSeconds.toFixed(1)})  cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)}s`)
  const s = sums.get(rec.set) ?? { scored: 0, err: 0, errNo: 0, scoredNo: 0, conf: 0, cpu: 0, audio: 0 }
  s.scored += withOverlap.scoredSeconds
  s.err += withOverlap.der * withOverlap.scoredSeconds
  s.scoredNo += noOverlap.scoredSeconds
  s.errNo += noOverlap.der * noOverlap.scoredSeconds
  s.conf += noOverlap.confusionSeconds
  s.cpu += (cpu.user + cpu.system) / 1e6
  s.audio += rec.totalMs / 1000
  sums.set(rec.set, s)
}
for (const [set, s] of sums) console.log(`==> ${set}: DER ${((s.err / s.scored) * 100).toFixed(1)}% (overlap scored), ${((s.errNo / s.scoredNo) * 100).toFixed(1)}% (overlap excluded; confusion ${((s.conf / s.scoredNo) * 100).toFixed(1)}%), CPU RTF ${(s.cpu / s.audio).toFixed(4)}`)
}
await printer.close()
