import { describe, expect, it } from 'vitest'
import { planChannels, truncation, type ProbedAudio } from '../../pipelines/audio/plan.js'
import { maxSpeechDbfs } from '../../pipelines/audio/loudness.js'
import { assembleUtterances } from '../../pipelines/transcription/assemble.js'
import { packWindows, windowSamples, PAD_MS } from '../../pipelines/transcription/windows.js'
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
  it('packs consecutive spans into windows no longer than the limit, padded and clamped to the audio', () => {
    const spans = [
      { startMs: 100, endMs: 5_000 },
      { startMs: 8_000, endMs: 20_000 },
      { startMs: 27_000, endMs: 31_000 },
      { startMs: 40_000, endMs: 41_000 },
    ]
    const windows = packWindows(spans, 41_200, 29_000, 500)
    expect(windows.map((w) => [w.startMs, w.endMs, w.spans.length])).toEqual([
      [0, 20_500, 2],
      [26_500, 41_200, 2],
    ])
  })

  it('silences everything outside the padded spans', () => {
    const rate = 1000
    const samples = new Float32Array(10_000).fill(1)
    const [w] = packWindows([{ startMs: 2_000, endMs: 3_000 }, { startMs: 6_000, endMs: 7_000 }], 10_000)
    const out = windowSamples(samples, w!, rate)
    expect(out.length).toBe(7_000 + PAD_MS - (2_000 - PAD_MS))
    const heard = out.reduce((n, x) => n + x, 0)
    expect(heard).toBe(2 * (1_000 + 2 * PAD_MS))
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
