import { describe, expect, it } from 'vitest'
import { diarizationError } from '../../bench/der.js'
import { seeded } from '../../bench/corpora.js'
import { clusterWindows, diarize, printWindows } from '../../pipelines/diarization/diarize.js'
import { monoUtterances } from '../../pipelines/diarization/mono-utterances.js'
import { attributeRoles, compileRoleCues, REVIEW_BELOW, type VoiceText } from '../../pipelines/diarization/roles.js'
import { swapRoles } from '../../pipelines/diarization/swap.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { MESSAGES } from '../../services/cli/messages.js'
import { scorecardTable } from '../../services/cli/table.js'
import { resultOf, score } from '../helpers/score.js'
import { agent, call, customer } from '../helpers/transcript.js'

const cues = compileRoleCues(loadRuleset())

/** A unit voice print near one of a few directions (one per speaker), with some noise. */
function printsOf(voices: readonly number[], noise = 0.35, seed = 1): Float64Array[] {
  const random = seeded(seed)
  const centres = [0, 1, 2, 3].map((v) => Float64Array.from({ length: 32 }, (_, d) => (d % 4 === v ? 1 : 0.3)))
  return voices.map((v) => {
    const p = Float64Array.from(centres[v]!, (x) => x + (random() - 0.5) * noise)
    const norm = Math.hypot(...p)
    return p.map((x) => x / norm)
  })
}

describe('speaker separation (单声道说话人分离)', () => {
  it('lays windows over each span, a short span being one window, cores covering every frame once', () => {
    const windows = printWindows([{ startMs: 0, endMs: 4000 }, { startMs: 5000, endMs: 5800 }])
    expect(windows.at(-1)).toEqual({ startMs: 5000, endMs: 5800, coreStartMs: 5000, coreEndMs: 5800 })
    const first = windows.filter((w) => w.endMs <= 4000)
    expect(first[0]!.coreStartMs).toBe(0)
    expect(first.at(-1)!.coreEndMs).toBe(4000)
    for (let i = 1; i < first.length; i++) expect(first[i]!.coreStartMs).toBe(first[i - 1]!.coreEndMs)
  })

  it('finds two voices, one voice, or three, from how their prints cluster', () => {
    const two = [0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]
    expect(clusterWindows(printsOf(two), 0.75, 2).labels).toEqual(two)
    const one = new Array(14).fill(0)
    expect(new Set(clusterWindows(printsOf(one), 0.75, 2).labels).size).toBe(1)
    const three = [0, 0, 0, 1, 1, 1, 0, 0, 2, 2, 2, 2, 1, 1]
    expect(clusterWindows(printsOf(three), 0.75, 2).labels).toEqual(three)
  })

  it('turns window labels into speaker turns, splitting a span where the voice changes', () => {
    const spans = [{ startMs: 0, endMs: 6000 }, { startMs: 7000, endMs: 10_000 }]
    const windows = printWindows(spans)
    const voices = windows.map((w) => (w.startMs < 3000 || w.startMs >= 7000 ? 0 : 1))
    const d = diarize(spans, windows, printsOf(voices), { minSpeakerMs: 1500 })
    expect(d.speakers).toBe(2)
    expect(d.turns.map((t) => t.speaker)).toEqual([0, 1, 0])
    expect(d.turns[0]!.startMs).toBe(0)
    expect(Math.abs(d.turns[1]!.startMs - 3000)).toBeLessThanOrEqual(750)
    expect(d.turns.at(-1)).toMatchObject({ startMs: 7000, endMs: 10_000 })
  })

  it('has no turns without speech', () => {
    expect(diarize([], [], [])).toEqual({ turns: [], speakers: 0, speechMs: [], twoWaySimilarity: 1 })
  })
})

describe('diarization error rate (bench)', () => {
  const truth = [
    { startMs: 0, endMs: 10_000, speaker: 'A' },
    { startMs: 10_000, endMs: 20_000, speaker: 'B' },
  ]
  it('is 0 for the truth under other names, and counts confusion, misses and false alarms', () => {
    const renamed = truth.map((t) => ({ ...t, speaker: t.speaker === 'A' ? 's1' : 's0' }))
    expect(diarizationError(truth, renamed, 20_000, { collarMs: 0, scoreOverlap: true }).der).toBe(0)
    const oneVoice = [{ startMs: 0, endMs: 20_000, speaker: 's0' }]
    expect(diarizationError(truth, oneVoice, 20_000, { collarMs: 0, scoreOverlap: true }).der).toBeCloseTo(0.5)
    const half = [{ startMs: 0, endMs: 10_000, speaker: 's0' }]
    const r = diarizationError(truth, half, 20_000, { collarMs: 0, scoreOverlap: true })
    expect(r.missSeconds).toBeCloseTo(10)
    expect(r.der).toBeCloseTo(0.5)
  })
  it('leaves the collar around reference boundaries unscored', () => {
    const late = [
      { startMs: 0, endMs: 10_200, speaker: 'x' },
      { startMs: 10_200, endMs: 20_000, speaker: 'y' },
    ]
    expect(diarizationError(truth, late, 20_000, { collarMs: 250, scoreOverlap: true }).der).toBe(0)
    expect(diarizationError(truth, late, 20_000, { collarMs: 0, scoreOverlap: true }).der).toBeGreaterThan(0)
  })
})

const AGENT_OPENING = '您好，很高兴为您服务，请问有什么可以帮您？'
const CUSTOMER_ASKS = '你好，我想查一下我的订单，我上周买的东西还没到。'
const AGENT_CLOSING = '请问还有其他可以帮您的吗？感谢您的来电，再见。'

function voiceTexts(...turns: Array<[number, string]>): VoiceText[] {
  return turns.map(([voice, text], i) => ({ voice, startMs: i * 5000, endMs: i * 5000 + 4000, text }))
}

describe('roles from what is said (角色判定)', () => {
  it('takes the voice with the greeting and the script for the agent, sure of it', () => {
    const { roles, summary } = attributeRoles(cues, voiceTexts([0, AGENT_OPENING], [1, CUSTOMER_ASKS], [0, '好的，请您稍等，我帮您查一下。'], [1, '好。'], [0, AGENT_CLOSING]), 2, 'inbound')
    expect(roles).toEqual(['agent', 'customer'])
    expect(summary).toMatchObject({ method: 'inferred', speakers: 2, review: false })
    expect(summary.confidence).toBeGreaterThanOrEqual(REVIEW_BELOW)
    expect(summary.reasons[0]).toMatch(/说话人 1判为坐席：服务用语“/)
  })

  it('does not assume the first voice is the agent: the script decides', () => {
    const { roles } = attributeRoles(cues, voiceTexts([0, CUSTOMER_ASKS], [1, AGENT_OPENING], [0, '我的订单号是八八六六。'], [1, AGENT_CLOSING]), 2, 'inbound')
    expect(roles).toEqual(['customer', 'agent'])
  })

  it('on an outbound call the customer answers first', () => {
    const { roles, summary } = attributeRoles(cues, voiceTexts([0, '喂？'], [1, '喂，是张先生吗？'], [0, '是的。'], [1, '好的。']), 2, 'outbound')
    expect(roles).toEqual(['customer', 'agent'])
    expect(summary.reasons.join()).toMatch(/外呼/)
  })

  it('is unsure when nothing said tells the roles apart, and asks for review', () => {
    const { summary } = attributeRoles(cues, voiceTexts([0, '好的。'], [1, '嗯，好。'], [0, '行。'], [1, '对。']), 2, 'inbound')
    expect(summary.confidence).toBeLessThan(REVIEW_BELOW)
    expect(summary.review).toBe(true)
    expect(summary.reasons[0]).toMatch(/置信度低/)
  })

  it('marks one voice (an IVR prompt, a voicemail) and three voices (a transfer) for review', () => {
    const ivr = attributeRoles(cues, voiceTexts([0, '您好，欢迎致电，请问有什么可以帮您，请按一。']), 1, 'inbound')
    expect(ivr.roles).toEqual(['agent'])
    expect(ivr.summary).toMatchObject({ speakers: 1, review: true })
    expect(ivr.summary.reasons.join()).toMatch(/只检测到一个说话人/)
    // The caller alone (the agent's side not recorded): the one voice is the customer, and the reason says so.
    const caller = attributeRoles(cues, voiceTexts([0, CUSTOMER_ASKS]), 1, 'inbound')
    expect(caller.roles).toEqual(['customer'])
    expect(caller.summary).toMatchObject({ speakers: 1, review: true })
    expect(caller.summary.reasons.join()).toMatch(/说话人 1判为客户/)
    const transfer = attributeRoles(
      cues,
      voiceTexts([0, AGENT_OPENING], [1, CUSTOMER_ASKS], [0, '请您稍等，我帮您转接到售后。'], [2, '您好，很高兴为您服务，跟您确认一下，您的订单是昨天的，对吗？'], [1, '对。'], [2, AGENT_CLOSING]),
      3,
      'inbound',
    )
    expect(transfer.roles).toEqual(['agent', 'customer', 'agent'])
    expect(transfer.summary).toMatchObject({ speakers: 3, review: true })
    expect(transfer.summary.reasons.join()).toMatch(/检测到 3 个说话人/)
  })
})

describe('mono utterances and the rules on them', () => {
  const separation = {
    turns: [
      { startMs: 0, endMs: 4000, speaker: 0 },
      { startMs: 4300, endMs: 9000, speaker: 1 },
      { startMs: 9000, endMs: 13_000, speaker: 0 },
    ],
    speakers: 2,
    speechMs: [8000, 4700],
    twoWaySimilarity: 0.5,
  }
  const words = [
    { text: '您好，很高兴为您服务，', startMs: 100, endMs: 2000 },
    { text: '请问有什么可以帮您？', startMs: 2000, endMs: 3900 },
    { text: '我想查一下我的订单。', startMs: 4400, endMs: 8800 },
    { text: '感谢您的来电，再见。', startMs: 9100, endMs: 12_900 },
  ]

  it('gives each turn its words, its voice and its voice’s role', () => {
    const mono = monoUtterances(separation, words, cues, 'inbound')
    expect(mono.utterances.map((u) => [u.speaker, u.voice, u.text])).toEqual([
      ['agent', 0, '您好，很高兴为您服务，请问有什么可以帮您？'],
      ['customer', 1, '我想查一下我的订单。'],
      ['agent', 0, '感谢您的来电，再见。'],
    ])
    expect(mono.spansOf.agent).toHaveLength(2)
    expect(mono.roles.method).toBe('inferred')
  })

  it('scores a mono call like a stereo one, except overtalk, which it cannot measure', () => {
    const roles = { method: 'inferred' as const, confidence: 0.97, speakers: 2, review: false, reasons: [] }
    const t = call({ roles }, [agent(0, 4000, AGENT_OPENING), customer(3000, 9000, CUSTOMER_ASKS), agent(9500, 12_000, AGENT_CLOSING)])
    const card = score(t)
    expect(card.roles).toEqual(roles)
    expect(resultOf(t, 'interruption')).toMatchObject({ outcome: 'na', evidence: [{ note: expect.stringMatching(/单声道录音/) }] })
    expect(resultOf(t, 'greeting').outcome).toBe('pass')
    expect(card.metrics.overtalkCount).toBeNull()
    const unsure = score(call({ roles: { ...roles, confidence: 0.55, review: true, reasons: ['角色判定置信度低（0.55）'] } }, t.utterances))
    expect(scorecardTable(unsure, MESSAGES.zh)).toContain('⚠ 单声道录音，角色自动判定（置信度 0.55，2 个说话人）：待复核\n      角色判定置信度低（0.55）')
  })

  it('swaps agent and customer, their loudness too, and records who did it', () => {
    const roles = { method: 'inferred' as const, confidence: 0.6, speakers: 2, review: true, reasons: ['低'] }
    const t = call({ roles, audio: { agent: { maxDbfs: -12 }, customer: { maxDbfs: -20 } } }, [customer(0, 4000, AGENT_OPENING), agent(4300, 9000, CUSTOMER_ASKS)])
    const swapped = swapRoles(t, 'inspector1')
    expect(swapped.utterances.map((u) => u.speaker)).toEqual(['agent', 'customer'])
    expect(swapped.audio).toEqual({ agent: { maxDbfs: -20 }, customer: { maxDbfs: -12 } })
    expect(swapped.roles).toMatchObject({ method: 'inspector', confidence: 1, review: false, reasons: [expect.stringMatching(/inspector1/)] })
    expect(() => swapRoles(call({}, [agent(0, 1000, '您好')]), 'x')).toThrow(/no inferred roles/)
  })
})
