import { describe, expect, it } from 'vitest'
import { planChannels, truncation, type ProbedAudio } from '../../pipelines/audio/plan.js'
import { maxSpeechDbfs } from '../../pipelines/audio/loudness.js'
import { assembleUtterances } from '../../pipelines/transcription/assemble.js'
import { unheardSpeech, withWordsHeardAgain } from '../../pipelines/transcription/coverage.js'
import { packWindows, speechWindows, timelineWindows, toTimeline, windowSamples } from '../../pipelines/transcription/windows.js'
import { toSimplified } from '../../pipelines/text/simplified.js'
import { editDistance, normalizeForCer, readNumber } from '../../bench/cer.js'

const probe = (over: Partial<ProbedAudio> & { channels?: number } = {}): ProbedAudio => ({
  format: 'wav',
  durationSeconds: 60,
  streams: [{ codec: 'pcm_s16le', channels: over.channels ?? 2, sampleRate: 8000 }],
  ...over,
})
const limits = { maxSeconds: 7200 }

describe('planChannels', () => {
  it('splits stereo by the channel map, agent on channel 0 by default', () => {
    expect(planChannels(probe(), undefined, limits)).toMatchObject({
      ok: true,
      plan: { channels: 2, streams: [{ speaker: 'agent', channel: 0 }, { speaker: 'customer', channel: 1 }] },
    })
    expect(planChannels(probe(), { agent: 1, customer: 0 }, limits)).toMatchObject({
      plan: { streams: [{ speaker: 'agent', channel: 1 }, { speaker: 'customer', channel: 0 }] },
    })
  })

  it('reads mono, and a mixed channel of a multi-channel file, as one unknown stream', () => {
    expect(planChannels(probe({ channels: 1 }), undefined, limits)).toMatchObject({ plan: { streams: [{ speaker: 'unknown', channel: 0 }] } })
    expect(planChannels(probe({ channels: 4 }), { mixed: 2 }, limits)).toMatchObject({ plan: { channels: 4, streams: [{ speaker: 'unknown', channel: 2 }] } })
  })

  it('refuses what cannot be a call recording, saying why', () => {
    const reason = (p: ProbedAudio, map?: Parameters<typeof planChannels>[1]) => {
      const r = planChannels(p, map, limits)
      return r.ok ? 'ok' : r.reason
    }
    expect(reason(probe({ streams: [] }))).toMatch(/not audio/)
    expect(reason(probe({ durationSeconds: 0 }))).toMatch(/empty recording: 0 s/)
    expect(reason(probe({ durationSeconds: undefined }))).toMatch(/empty recording/)
    expect(reason(probe({ durationSeconds: 3 * 3600 }))).toBe('recording too long: 3.0 h, the limit is 2.0 h (CALLQA_MAX_AUDIO_SECONDS)')
    expect(reason(probe({ channels: 6 }))).toMatch(/unexpected channel count: 6 channels/)
    expect(reason(probe(), { agent: 0, customer: 3 })).toMatch(/names channel 3, but the file has 2 channels/)
    expect(reason(probe({ channels: 1 }), { mixed: 1 })).toMatch(/channel 1, but the file has 1/)
  })

  it('notices a file that decodes shorter than it declares', () => {
    expect(truncation(60, 59.8)).toBeUndefined()
    expect(truncation(60, 12.3)).toBe('truncated or damaged: the file declares 60.0 s but only 12.3 s could be decoded')
  })
})

describe('packWindows', () => {
  const spans = [
    { startMs: 100, endMs: 5_000 },
    { startMs: 8_000, endMs: 20_000 },
    { startMs: 20_700, endMs: 22_000 },
    { startMs: 40_000, endMs: 41_000 },
  ]

  it('lays padded speech end to end with a short gap, padding never repeating audio, windows no longer than the limit', () => {
    const windows = packWindows(spans, 41_200, { maxMs: 29_000, padMs: 500, gapMs: 300 })
    expect(windows).toEqual([
      {
        pieces: [
          { stream: 0, fromMs: 0, toMs: 5_500, atMs: 0 },
          // 8–20 s and 20.7–22 s are 700 ms apart: their padding meets, so the audio runs on as one piece.
          { stream: 0, fromMs: 7_500, toMs: 22_500, atMs: 5_800 },
          { stream: 0, fromMs: 39_500, toMs: 41_200, atMs: 21_100 },
        ],
        lengthMs: 22_800,
      },
    ])
  })

  it('starts a new window when the next piece does not fit, splitting only speech longer than a window', () => {
    const windows = packWindows(
      [
        { startMs: 0, endMs: 10_000 },
        { startMs: 12_000, endMs: 15_000 },
        { startMs: 20_000, endMs: 45_000 },
      ],
      60_000,
      { maxMs: 20_000, padMs: 0, gapMs: 300 },
    )
    expect(windows.map((w) => [w.pieces.map((p) => [p.fromMs, p.toMs, p.atMs]), w.lengthMs])).toEqual([
      [[[0, 10_000, 0], [12_000, 15_000, 10_300]], 13_300],
      [[[20_000, 40_000, 0]], 20_000],
      [[[40_000, 45_000, 0]], 5_000],
    ])
    expect(packWindows([], 60_000)).toEqual([])
  })

  it('puts speech in the first window with room for it, so a short turn fills an earlier window', () => {
    const windows = packWindows(
      [
        { startMs: 0, endMs: 12_000 },
        { startMs: 13_000, endMs: 28_000 },
        { startMs: 30_000, endMs: 35_000 },
      ],
      60_000,
      { maxMs: 20_000, padMs: 0, gapMs: 300 },
    )
    expect(windows.map((w) => [w.pieces.map((p) => [p.fromMs, p.toMs, p.atMs]), w.lengthMs])).toEqual([
      [[[0, 12_000, 0], [30_000, 35_000, 12_300]], 17_300],
      [[[13_000, 28_000, 0]], 15_000],
    ])
    // Mapped back, the first window's words land on both of its pieces, in their places on the timeline.
    const words = [{ text: 'a', startMs: 1_000, endMs: 1_500 }, { text: 'b', startMs: 12_500, endMs: 13_000 }]
    expect(toTimeline(windows[0]!, words)).toEqual([
      { text: 'a', stream: 0, startMs: 1_000, endMs: 1_500 },
      { text: 'b', stream: 0, startMs: 30_200, endMs: 30_700 },
    ])
  })

  it('keeps each channel in windows of its own, and each word on its channel', () => {
    const windows = speechWindows('speech', [[{ startMs: 0, endMs: 4_000 }, { startMs: 9_000, endMs: 12_000 }], [{ startMs: 4_500, endMs: 8_500 }]], 20_000)
    expect(windows.map((w) => w.pieces.map((p) => [p.stream, p.fromMs, p.toMs, p.atMs]))).toEqual([
      [[0, 0, 4_500, 0], [0, 8_500, 12_500, 4_800]],
      [[1, 4_000, 9_000, 0]],
    ])
    expect(toTimeline(windows[1]!, [{ text: '我查', startMs: 600, endMs: 900 }])).toEqual([{ text: '我查', stream: 1, startMs: 4_600, endMs: 4_900 }])
    // At 10 samples a second: the agent's channel holds 1s, the customer's 2s.
    const streams = [new Float32Array(200).fill(1), new Float32Array(200).fill(2)]
    expect([...windowSamples(streams, windows[0]!, 10)].join('')).toBe(`${'1'.repeat(45)}000${'1'.repeat(40)}`)
    expect([...windowSamples(streams, windows[1]!, 10)].join('')).toBe('2'.repeat(50))
    expect(speechWindows('timeline', [[{ startMs: 0, endMs: 4_000 }], [{ startMs: 4_500, endMs: 8_500 }]], 20_000).map((w) => w.pieces[0]!.stream)).toEqual([0, 1])
  })

  it('copies each piece of the recording into its place in the window, silence between', () => {
    const rate = 1000
    const samples = Float32Array.from({ length: 41_200 }, (_, i) => i + 1)
    const [w] = packWindows(spans, 41_200, { padMs: 500, gapMs: 300 })
    const out = windowSamples([samples], w!, rate)
    expect(out.length).toBe(22_800)
    expect(out[0]).toBe(1)
    expect(out[5_499]).toBe(5_500)
    expect([...out.subarray(5_500, 5_800)].every((x) => x === 0)).toBe(true)
    expect(out[5_800]).toBe(7_501)
    expect(out[22_799]).toBe(41_200)
  })
})

describe('timelineWindows', () => {
  it('keeps each padded span at its own place from the first span on, at most 29 s a window, and maps words back exactly', () => {
    const windows = timelineWindows([{ startMs: 1_000, endMs: 3_000 }, { startMs: 10_000, endMs: 12_000 }, { startMs: 29_000, endMs: 31_000 }], 60_000)
    expect(windows).toEqual([
      { pieces: [{ stream: 0, fromMs: 500, toMs: 3_500, atMs: 0 }, { stream: 0, fromMs: 9_500, toMs: 12_500, atMs: 9_000 }], lengthMs: 12_000 },
      { pieces: [{ stream: 0, fromMs: 28_500, toMs: 31_500, atMs: 0 }], lengthMs: 3_000 },
    ])
    expect(toTimeline(windows[0]!, [{ text: '好', startMs: 9_100, endMs: 9_400 }])).toEqual([{ text: '好', stream: 0, startMs: 9_600, endMs: 9_900 }])
  })

  it('goes on in the next window with a span longer than one, never giving audio twice', () => {
    const windows = timelineWindows([{ startMs: 0, endMs: 70_000 }], 70_000, { stream: 1 })
    expect(windows.map((w) => w.pieces)).toEqual([
      [{ stream: 1, fromMs: 0, toMs: 29_000, atMs: 0 }],
      [{ stream: 1, fromMs: 29_000, toMs: 58_000, atMs: 0 }],
      [{ stream: 1, fromMs: 58_000, toMs: 70_000, atMs: 0 }],
    ])
  })
})

describe('toTimeline', () => {
  const [w] = packWindows(
    [
      { startMs: 2_000, endMs: 4_000 },
      { startMs: 10_000, endMs: 11_000 },
    ],
    20_000,
    { padMs: 500, gapMs: 300 },
  )
  // Pieces: 1.5–4.5 s at 0 (3 s), then 9.5–11.5 s at 3.3 s.
  const word = (startMs: number, endMs: number) => ({ text: 'x', startMs, endMs })
  const heard = (startMs: number, endMs: number) => ({ ...word(startMs, endMs), stream: 0 })

  it('maps times inside a piece exactly', () => {
    expect(toTimeline(w!, [word(0, 250), word(1_000, 1_480), word(3_300, 3_700), word(5_000, 5_300)])).toEqual([
      heard(1_500, 1_750),
      heard(2_500, 2_980),
      heard(9_500, 9_900),
      heard(11_200, 11_500),
    ])
  })

  it('keeps a word stretched over a gap in the piece holding more of it, and puts times in a gap on the nearer edge', () => {
    expect(toTimeline(w!, [word(2_800, 3_350), word(2_950, 3_600), word(3_050, 3_100), word(3_200, 3_250)])).toEqual([
      heard(4_300, 4_500),
      heard(9_500, 9_800),
      heard(4_500, 4_500),
      heard(9_500, 9_500),
    ])
  })

  it('keeps the fields it does not map, and clamps times past the end to the last piece', () => {
    expect(toTimeline(w!, [{ text: '好', startMs: 5_200, endMs: 6_000, extra: 1 }])).toEqual([{ text: '好', stream: 0, startMs: 11_400, endMs: 11_500, extra: 1 }])
  })

  it('drops words that start after the audio of the window has ended (Whisper finishing a cut sentence by guess)', () => {
    expect(toTimeline(w!, [word(5_000, 5_200), word(5_300, 5_600), word(7_000, 7_400)])).toEqual([heard(11_200, 11_400)])
  })
})

describe('speech heard again', () => {
  const w = (startMs: number, endMs: number, text = '字') => ({ text, startMs, endMs })

  it('finds the stretches of speech no word comes near, long enough to be a skipped phrase', () => {
    const spans = [
      { startMs: 0, endMs: 8_000 },
      { startMs: 9_000, endMs: 14_000 },
      { startMs: 15_000, endMs: 15_800 },
    ]
    // Words over the first 3 s and the last second of the first span; none in the second span; the third is short.
    const words = [w(100, 400), w(500, 900), w(1_500, 1_900), w(2_600, 3_000), w(7_000, 7_900)]
    expect(unheardSpeech(spans, words, { minMs: 900, reachMs: 350 })).toEqual([
      { startMs: 3_350, endMs: 6_650 },
      { startMs: 9_000, endMs: 14_000 },
    ])
  })

  it('counts speech close to a word, and pauses shorter than the minimum, as heard', () => {
    const spans = [{ startMs: 0, endMs: 5_000 }]
    const words = [w(0, 300), w(1_200, 1_500), w(2_300, 2_600), w(3_400, 3_700), w(4_500, 4_800)]
    expect(unheardSpeech(spans, words, { minMs: 900, reachMs: 350 })).toEqual([])
    expect(unheardSpeech(spans, [], { minMs: 900 })).toEqual(spans)
    expect(unheardSpeech([], words)).toEqual([])
  })

  it('keeps a word heard twice once, as first heard, and puts the words in timeline order', () => {
    const first = [w(0, 400, '您好'), w(5_000, 5_300, '好的')]
    const again = [w(300, 420, '好'), w(1_000, 1_300, '请问'), w(1_400, 1_700, '有')]
    expect(withWordsHeardAgain(first, again).map((x) => x.text)).toEqual(['您好', '请问', '有', '好的'])
  })
})

describe('assembleUtterances', () => {
  const spans = [
    { startMs: 1_000, endMs: 3_000 },
    { startMs: 5_000, endMs: 6_000 },
    { startMs: 9_000, endMs: 9_300 },
  ]

  it('gives each span the words whose middle falls in it (or nearest), with simplified text and span times', () => {
    const words = [
      { text: '您好', startMs: 900, endMs: 1_300 },
      { text: '，這裡', startMs: 1_300, endMs: 1_800 },
      { text: '是客服', startMs: 3_050, endMs: 3_600 },
      { text: ' OK', startMs: 5_100, endMs: 5_400 },
      { text: ' thanks', startMs: 5_400, endMs: 5_900 },
      { text: '遠處', startMs: 7_200, endMs: 7_600 },
    ]
    const u = assembleUtterances('agent', spans, words)
    expect(u.map((x) => [x.startMs, x.endMs, x.text])).toEqual([
      [1_000, 3_000, '您好，这里是客服'],
      [5_000, 6_000, 'OK thanks'],
    ])
    expect(u[0]!.words![0]).toEqual({ text: '您好', startMs: 1_000, endMs: 1_300 })
  })

  it('drops spans without words and lines Whisper writes on silence', () => {
    const u = assembleUtterances('customer', spans, [{ text: '请不吝点赞 订阅 转发 打赏支持明镜与点点栏目', startMs: 1_100, endMs: 2_900 }])
    expect(u).toEqual([])
  })
})

describe('text helpers', () => {
  it('folds traditional characters to simplified', () => {
    expect(toSimplified('請問還有什麼可以幫您')).toBe('请问还有什么可以帮您')
  })

  it('measures loudness of speech only', () => {
    const samples = new Float32Array(16_000).fill(0.001)
    samples.fill(0.5, 8_000, 12_000)
    expect(maxSpeechDbfs(samples, [{ startMs: 500, endMs: 750 }], 16_000)).toBeCloseTo(-6.0, 0)
    expect(maxSpeechDbfs(samples, [], 16_000)).toBeUndefined()
  })

  it('normalises text for CER the way the references are written', () => {
    expect(readNumber('26')).toBe('二十六')
    expect(readNumber('105')).toBe('一百零五')
    expect(readNumber('10')).toBe('十')
    expect(readNumber('13800001234')).toBe('一三八零零零零一二三四')
    expect(normalizeForCer('本節目由 26 年，專注！')).toBe('本节目由二十六年专注')
    expect(editDistance('广州市房地产', '广州市佛地产')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
  })
})
