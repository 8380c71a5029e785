import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { z } from 'zod'
import { maxSpeechDbfs } from '../../pipelines/audio/loudness.js'
import { Call } from '../../pipelines/contracts/call.js'
import { RULE_IDS } from '../../pipelines/contracts/rule-ids.js'
import { Transcript, type Utterance } from '../../pipelines/contracts/transcript.js'
import { formatProblems, parseJson, validate } from '../../pipelines/contracts/validate.js'
import { sha256Of, type Say } from '../../models/fetch.js'
import { CACHE_DIR } from '../../models/weights.js'
import { DECODE_RATE, decodeChannels } from '../../services/lib/audio/ffmpeg.js'
import { CORPORA_DIR } from '../corpora.js'
import { interleave, mixChannels } from './mix.js'
import { ExpectedVerdict, parseTestCallsOrThrow, TestCallsError, type TestCallSpec, type TestCallsSpec } from './spec.js'
import { SAMPLE_RATE, speedFor, synthesise, TTS_RUNTIME, type SynthesisJob } from './synthesis.js'
import { placeTurns } from './timeline.js'

/*
 * Builds the synthetic test calls of calls.yaml into the cache, like the speech models: once per content, stamped,
 * skipped when present. Per call: the stereo 8 kHz G.711 μ-law recording (agent = channel 0), a mono mix-down of it
 * (for speaker-separation work), and a reference Transcript — the script's text at the times the synthesised speech
 * really has, with the agent channel's loudness measured from the recording — plus the expected verdicts.
 */

export const TEST_CALLS_FILE = fileURLToPath(new URL('./calls.yaml', import.meta.url))
/** The test ruleset: the house default with the test company's name, volume on. */
export const TEST_RULESET = fileURLToPath(new URL('./ruleset.yaml', import.meta.url))

/** Bump when what is written changes for the same calls.yaml (mixing, encoding, the manifest). */
const FORMAT = 2
const TAIL_MS = 800

const execute = promisify(execFile)

export const TestCall = z.object({
  id: z.string(),
  about: z.string(),
  expected: z.record(z.enum(RULE_IDS), ExpectedVerdict),
  /** Stereo 8 kHz μ-law WAV, agent on channel 0. */
  recording: z.string(),
  /** The same call mixed down to one channel. */
  mono: z.string(),
  /** The CDR fields and the script's utterances at their synthesised times; `audio` measured from the recording. */
  reference: Transcript,
})
export type TestCall = z.infer<typeof TestCall>

const Manifest = z.object({ format: z.literal(FORMAT), calls: z.array(TestCall) })

export interface TestCallSet {
  dir: string
  calls: TestCall[]
}

/** The test calls, generated first when the cache does not hold this version of them. */
export async function ensureTestCalls(say: Say): Promise<TestCallSet> {
  const spec = parseTestCallsOrThrow(await readFile(TEST_CALLS_FILE, 'utf8'), TEST_CALLS_FILE)
  const jobs = spec.calls.map((call) => call.turns.map((turn, i) => jobOf(call, i)))
  const clipHashes = await Promise.all(jobs.flat().map((j) => ('clip' in j ? sha256Of(j.clip) : '')))
  const hash = createHash('sha256')
    .update(JSON.stringify({ FORMAT, spec, jobs, clipHashes, script: await sha256Of(fileURLToPath(new URL('./synthesize.py', import.meta.url))), pins: TTS_RUNTIME.requirements }))
    .digest('hex')
    .slice(0, 16)
  const root = join(CACHE_DIR, 'test-calls')
  const dir = join(root, hash)
  if (existsSync(join(dir, '.complete'))) {
    const cached = await readSet(dir).catch((err: Error) => {
      say(`缓存的测试通话已损坏，重新生成 / the cached test calls in ${dir} are damaged (${err.message}); making them again`)
      return undefined
    })
    if (cached) return cached
    await rm(dir, { recursive: true, force: true })
  }

  const voices = await synthesise(jobs.flat(), say)
  await mkdir(root, { recursive: true })
  const work = await mkdtemp(join(root, 'building-'))
  try {
    let next = 0
    const calls: TestCall[] = []
    for (const call of spec.calls) {
      const samples = voices.slice(next, next + call.turns.length)
      next += call.turns.length
      calls.push(await buildCall(spec, call, samples, work, dir))
    }
    await writeFile(join(work, 'manifest.json'), JSON.stringify({ format: FORMAT, calls }, null, 1))
    // For `callqa run <dir>/stereo --calls <dir>/cdr.ndjson`, and the same calls as mono recordings.
    const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n'
    await writeFile(join(work, 'cdr.ndjson'), ndjson(calls.map((c) => cdrOf(c.reference))))
    await writeFile(
      join(work, 'cdr-mono.ndjson'),
      ndjson(calls.map((c) => ({ ...cdrOf(c.reference), recording: { uri: pathToFileURL(c.mono).href, channels: { mixed: 0 } } }))),
    )
    await writeFile(join(work, '.complete'), hash)
    await rename(work, dir).catch(async (err: NodeJS.ErrnoException) => {
      // Another process built the same set meanwhile: theirs is as good as ours.
      if (!existsSync(join(dir, '.complete'))) throw err
    })
    say(`测试通话已生成 / test calls written to ${dir}`)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
  return readSet(dir)
}

async function readSet(dir: string): Promise<TestCallSet> {
  const json = parseJson(await readFile(join(dir, 'manifest.json'), 'utf8'))
  const manifest = json.ok ? validate(Manifest, json.value) : json
  if (!manifest.ok) throw new Error(`manifest.json: ${formatProblems(manifest.problems.slice(0, 3))}`)
  return { dir, calls: manifest.value.calls }
}

/** The CDR of a call: its transcript without what was said (Call drops the keys it does not know). */
export function cdrOf(reference: Transcript): Call {
  return Call.parse(reference)
}

function jobOf(call: TestCallSpec, index: number): SynthesisJob {
  const turn = call.turns[index]!
  const where = `${TEST_CALLS_FILE}: call ${call.id}, turn ${index + 1}`
  if (turn.clip) {
    const clip = join(CORPORA_DIR, turn.clip)
    if (!existsSync(clip)) throw new TestCallsError(`${where}: clip ${turn.clip} not found in ${CORPORA_DIR} (set CALLQA_CORPORA to the corpora directory)`)
    return { clip }
  }
  try {
    return { text: turn.text, speed: speedFor(turn.text, turn.rate, turn.pause), f0: turn.voice.f0, formant: turn.voice.formant, pause: turn.pause }
  } catch (err) {
    throw new TestCallsError(`${where}: ${(err as Error).message}`)
  }
}

async function buildCall(spec: TestCallsSpec, call: TestCallSpec, samples: Float32Array[], work: string, dir: string): Promise<TestCall> {
  let placed
  try {
    placed = placeTurns(
      call.turns.map((t, i) => ({ speaker: t.speaker, seconds: samples[i]!.length / SAMPLE_RATE, gap: t.gap, overlap: t.overlap })),
      spec,
    )
  } catch (err) {
    throw new TestCallsError(`${TEST_CALLS_FILE}: call ${call.id}: ${(err as Error).message}`)
  }
  const totalMs = Math.max(...placed.map((p) => p.endMs)) + TAIL_MS
  const channels = mixChannels(
    placed.map((p, i) => ({ ...p, samples: samples[i]!, levelDb: call.turns[i]!.voice.levelDb, louderDb: call.turns[i]!.louder })),
    totalMs,
    SAMPLE_RATE,
    spec.line.noiseDb,
    seedOf(call.id),
  )
  const callId = `TC-${call.id}`
  const raw = join(work, `${call.id}.f32`)
  await writeFile(raw, interleave(channels.agent, channels.customer))
  const band = `highpass=f=${spec.line.highpass},lowpass=f=${spec.line.lowpass}`
  // Named by call id: a recording's file stem is its call id to `callqa transcribe` and `callqa run`.
  const stereo = join('stereo', `${callId}.wav`)
  const mono = join('mono', `${callId}.wav`)
  await mkdir(join(work, 'stereo'), { recursive: true })
  await mkdir(join(work, 'mono'), { recursive: true })
  // One pass: the telephone band, then G.711 μ-law at 8 kHz, as a stereo file and as a mono mix-down.
  await execute('ffmpeg', [
    '-v', 'error', '-y', '-f', 'f32le', '-ar', String(SAMPLE_RATE), '-ac', '2', '-i', raw,
    '-filter_complex', `[0:a]${band},asplit=2[s][m];[m]pan=mono|c0=0.5*c0+0.5*c1[mono]`,
    '-map', '[s]', '-ar', '8000', '-c:a', 'pcm_mulaw', join(work, stereo),
    '-map', '[mono]', '-ar', '8000', '-c:a', 'pcm_mulaw', join(work, mono),
  ])
  await rm(raw)

  const utterances: Utterance[] = placed.map((p, i) => ({ speaker: p.speaker, startMs: p.startMs, endMs: p.endMs, text: call.turns[i]!.text }))
  const { channels: decoded } = await decodeChannels(join(work, stereo), 2)
  const loudness = (speaker: 'agent' | 'customer', channel: number) => {
    const dbfs = maxSpeechDbfs(decoded[channel]!, utterances.filter((u) => u.speaker === speaker), DECODE_RATE)
    return dbfs === undefined ? {} : { [speaker]: { maxDbfs: dbfs } }
  }
  const reference = Transcript.parse({
    callId,
    hotline: '400-800-1234',
    agentId: 'A2001',
    agentName: '测试坐席',
    teamId: 'T09',
    direction: 'inbound',
    startedAt: call.startedAt,
    ringSeconds: call.ringSeconds,
    durationSeconds: Math.round(totalMs / 100) / 10,
    hangupBy: call.hangupBy,
    customerNumber: '13800001234',
    recording: { uri: pathToFileURL(join(dir, stereo)).href, channels: { agent: 0, customer: 1 } },
    utterances,
    audio: { ...loudness('agent', 0), ...loudness('customer', 1) },
  })
  return { id: call.id, about: call.about, expected: call.expected, recording: join(dir, stereo), mono: join(dir, mono), reference }
}

function seedOf(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32LE(0)
}
