import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { interleave, levelled, mixChannels } from '../../bench/test-calls/mix.js'
import { parseTestCalls } from '../../bench/test-calls/spec.js'
import { speedFor } from '../../bench/test-calls/synthesis.js'
import { placeTurns } from '../../bench/test-calls/timeline.js'
import { TEST_CALLS_FILE } from '../../bench/test-calls/generate.js'

/* The synthetic test calls' script, timeline and mixing, without synthesising anything. */

const HEAD = `
voices:
  agent: { rate: 150, pause: 0.2, f0: 1.0, formant: 1.0, levelDb: -20 }
  customer: { rate: 190, pause: 0.2, f0: 1.0, formant: 0.82, levelDb: -22 }
line: { highpass: 300, lowpass: 3400, noiseDb: -62 }
gap: 0.7
firstTurnAt: 0.5
startedAt: 2026-11-16T09:00:00+08:00
calls:
`

function problems(calls: string): string[] {
  const parsed = parseTestCalls(HEAD + calls)
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.path}: ${p.message}`)
}

describe('calls.yaml', () => {
  it('parses, with every rule expected for every call and the call dates fixed', () => {
    const parsed = parseTestCalls(readFileSync(TEST_CALLS_FILE, 'utf8'))
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
    const calls = parsed.value.calls
    expect(calls.length).toBeGreaterThanOrEqual(20)
    for (const call of calls) expect(Object.keys(call.expected)).toHaveLength(11)
    expect(calls[0]!.startedAt).toBe('2026-11-16T09:00:00+08:00')
    expect(calls[1]!.startedAt).toBe('2026-11-16T09:10:00+08:00')
    // A call's own voice settings override the file's, the rest is inherited.
    const fast = calls.find((c) => c.id === 'too-fast')!
    expect(fast.turns[0]!.rate).toBe(320)
    expect(fast.turns[1]!.voice.formant).toBe(0.82)
  })

  it('says what is wrong and where', () => {
    // Two calls with one id; the first with a turn both after and over the last sound.
    const calls = (expect0: string, customer1: string, clip1 = '') => `
  - id: a
    about: x
    expect: ${expect0}
    turns:
      - agent: 您好
        gap: 1
        overlap: 1
      - customer: ${customer1}
  - id: a
    about: y
    expect: { forbidden-phrase: fail }
    turns:
      - agent: 您好
      - customer: 你好${clip1}
`
    // What the schema finds first…
    expect(problems(calls('{ greeting: fatal, closing: maybe, no-such-rule: fail }', 'hello', '\n        clip: ../../etc/passwd.wav'))).toEqual([
      '$.calls[0].expect.closing: Invalid option: expected one of "pass"|"fail"|"na"|"minor"|"major"|"fatal" (line 13)',
      expect.stringMatching(/^\$\.calls\[0\]\.expect\.no-such-rule: unknown rule id "no-such-rule"; known ids: answer-speed, greeting, /),
      '$.calls[0].turns[1].customer: the text must hold Chinese characters to speak (line 18)',
      '$.calls[1].turns[1].clip: must stay inside the corpora directory (line 25)',
    ])
    // …then what only the whole file tells.
    expect(problems(calls('{ greeting: fatal }', '你好'))).toEqual([
      '$.calls[0].expect.greeting: severities are for forbidden-phrase; other rules pass, fail or are na',
      '$.calls[0].turns[0]: a turn has a gap or an overlap, not both',
      '$.calls[1].id: duplicate call id "a"',
      '$.calls[1].expect.forbidden-phrase: say which severity fails: minor, major or fatal',
    ])
    expect(problems('  - not a call')).not.toEqual([])
  })
})

describe('timeline', () => {
  const opts = { gap: 0.5, firstTurnAt: 0.5 }

  it('places turns after the last sound, or over it by an overlap', () => {
    expect(
      placeTurns(
        [
          { speaker: 'agent', seconds: 2 },
          { speaker: 'customer', seconds: 4 },
          { speaker: 'agent', seconds: 0.3, overlap: 3 }, // a back-channel inside the customer's turn
          { speaker: 'agent', seconds: 1, gap: 35 }, // a hold after the customer's turn, not after the back-channel
        ],
        opts,
      ),
    ).toEqual([
      { speaker: 'agent', startMs: 500, endMs: 2500 },
      { speaker: 'customer', startMs: 3000, endMs: 7000 },
      { speaker: 'agent', startMs: 4000, endMs: 4300 },
      { speaker: 'agent', startMs: 42000, endMs: 43000 },
    ])
  })

  it('refuses a voice saying two things at once', () => {
    expect(() =>
      placeTurns(
        [
          { speaker: 'agent', seconds: 5 },
          { speaker: 'agent', seconds: 1, overlap: 1 },
        ],
        opts,
      ),
    ).toThrow(/turn 2 \(agent\) starts at 4500 ms, before the agent's previous turn ends \(5500 ms\)/)
    expect(() => placeTurns([{ speaker: 'agent', seconds: 1 }, { speaker: 'customer', seconds: 1, overlap: 9 }], opts)).toThrow(/before the call/)
  })
})

describe('speaking rate', () => {
  it('stretches the speech, not the pauses, and refuses rates the voice cannot reach', () => {
    const text = '您好，星河科技，请问有什么可以帮您？' // 15 characters, 3 clauses
    expect(speedFor(text, 259, 0.2)).toBe(1) // the voice's own pace
    // Slower speech at the same pauses: longer than in proportion to the rate.
    expect(speedFor(text, 130, 0.2)).toBeGreaterThan(259 / 130)
    expect(() => speedFor(text, 60, 0.2)).toThrow(/needs speed ratio .* outside 0.5–2.85/)
    expect(() => speedFor(text, 900, 0.2)).toThrow(/outside/)
  })
})

describe('mixing', () => {
  it('puts each utterance at its level and time on its speaker’s channel, over faint noise', () => {
    const tone = Float32Array.from({ length: 800 }, (_, i) => Math.sin(i / 3))
    const { agent, customer } = mixChannels(
      [
        { speaker: 'agent', startMs: 100, samples: tone, levelDb: -20, louderDb: 0 },
        { speaker: 'customer', startMs: 500, samples: tone, levelDb: -20, louderDb: 0 },
      ],
      1000,
      8000,
      -70,
      1,
    )
    const rmsDb = (x: Float32Array) => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length)
    expect(rmsDb(agent.subarray(800, 1600))).toBeCloseTo(-20, 0)
    expect(rmsDb(agent.subarray(2000, 8000))).toBeLessThan(-65)
    expect(rmsDb(customer.subarray(4000, 4800))).toBeCloseTo(-20, 0)
    expect(rmsDb(customer.subarray(0, 4000))).toBeLessThan(-65)
    const stereo = new Float32Array(new Uint8Array(interleave(agent, customer)).buffer)
    expect(stereo[2 * 900]).toBe(agent[900])
    expect(stereo[2 * 900 + 1]).toBe(customer[900])
  })

  it('soft-clips a shouted utterance instead of wrapping around', () => {
    const loud = levelled(Float32Array.from({ length: 400 }, (_, i) => Math.sin(i / 5)), -20, 24)
    expect(Math.max(...loud.map(Math.abs))).toBeLessThan(1)
    expect(Math.max(...loud.map(Math.abs))).toBeGreaterThan(0.9)
  })
})
