import { describe, expect, it } from 'vitest'
import { loadMobileCs, timeLines, transcriptOf, type Line } from '../../bench/corpora.js'
import { Transcript } from '../../pipelines/contracts/transcript.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'

/*
 * The 10 real China Mobile calls of ../shared/corpora/dialogues/mobilecs, turned into Transcripts with estimated
 * times, scored with the default ruleset (no company name required), against the corpus's own intent labels:
 * 问候 (greeting) and 再见 (farewell) on the agent's turns.
 */

const scorer = compileRuleset(loadRuleset())
const calls = loadMobileCs()
const at = '2026-11-22T00:00:00Z'

function resultOf(transcript: Transcript, ruleId: string) {
  const card = scoreTranscript(scorer, Transcript.parse(transcript), at)
  return card.results.find((r) => r.ruleId === ruleId)!
}

function transcriptOfCall(call: (typeof calls)[number]): Transcript {
  const lines: Line[] = call.turns.flatMap((t) => [
    ...(t.agent ? [{ speaker: 'agent' as const, text: t.agent }] : []),
    ...(t.customer ? [{ speaker: 'customer' as const, text: t.customer }] : []),
  ])
  return transcriptOf(`mobilecs-${call.id.slice(0, 8)}`, timeLines(lines))
}

/** The greeting rule's view of one agent turn said at the start of a call: did it hear a greeting word? */
function hearsGreetingWord(text: string): boolean {
  const greeting = resultOf(transcriptOf('turn', [{ speaker: 'agent', startMs: 0, endMs: 3000, text }]), 'greeting')
  return greeting.outcome === 'pass' || !greeting.evidence.some((e) => e.note.includes('问候语'))
}

describe('real China Mobile calls (mobilecs) against their intent labels', () => {
  it('has the 10 calls', () => {
    expect(calls).toHaveLength(10)
  })

  it('greets exactly the calls whose recording starts with a 问候 turn', () => {
    const labelled = calls.map((c) => c.turns[0]!.agentIntent.includes('问候'))
    const detected = calls.map((c) => resultOf(transcriptOfCall(c), 'greeting').outcome === 'pass')
    console.log(`greeting: ${detected.filter((d, i) => d === labelled[i]).length}/10 calls agree with the 问候 label`)
    expect(labelled.filter(Boolean)).toHaveLength(9) // the last call was recorded from its middle
    expect(detected).toEqual(labelled)
  })

  it('hears a greeting word in every agent turn labelled 问候, including 你好 and ASR-garbled ones', () => {
    const turns = calls.flatMap((c) => c.turns).filter((t) => t.agentIntent.includes('问候'))
    expect(turns.length).toBeGreaterThanOrEqual(12)
    const missed = turns.filter((t) => !hearsGreetingWord(t.agent)).map((t) => t.agent)
    expect(missed).toEqual([])
  })

  it('accepts 您好很高兴您服务 (a dropped 为) as the standard help offer', () => {
    const garbled = calls.find((c) => c.turns[0]!.agent === '您好很高兴您服务')!
    expect(resultOf(transcriptOfCall(garbled), 'greeting').outcome).toBe('pass')
  })

  it('counts 你好 against polite address while still greeting', () => {
    const niHao = calls.find((c) => c.turns[0]!.agent.startsWith('你好，很高兴'))!
    const polite = resultOf(transcriptOfCall(niHao), 'polite-words')
    expect(polite.evidence[0]!.note).toMatch(/“你” [1-9]/)
    expect(resultOf(transcriptOfCall(niHao), 'greeting').outcome).toBe('pass')
  })

  it('finds the closing in every call whose agent turns are labelled 再见', () => {
    const withFarewell = calls.filter((c) => c.turns.some((t) => t.agentIntent.includes('再见')))
    expect(withFarewell).toHaveLength(2)
    for (const call of withFarewell) {
      const closing = resultOf(transcriptOfCall(call), 'closing')
      expect(closing.outcome, call.turns.map((t) => t.agent).join(' / ')).toBe('pass')
    }
  })

  it('hears a closing in each agent turn labelled 再见 when it ends the call', () => {
    const farewells = calls.flatMap((c) => c.turns).filter((t) => t.agentIntent.includes('再见'))
    for (const turn of farewells) {
      // After the customer has spoken: a closing inside the greeting does not count.
      const closing = resultOf(transcriptOf('turn', [{ speaker: 'customer', startMs: 0, endMs: 2000, text: '好的' }, { speaker: 'agent', startMs: 2500, endMs: 5500, text: turn.agent }]), 'closing')
      expect(closing.outcome, turn.agent).toBe('pass')
    }
  })

  it('reports how often the closing rule passes across all 10 calls', () => {
    const passed = calls.filter((c) => resultOf(transcriptOfCall(c), 'closing').outcome === 'pass').length
    console.log(`closing: ${passed}/10 calls end with a closing phrase in the agent's last 30 s`)
    // Most agents close with 还有什么可以帮您 / 还有别的问题吗. The two that do not: one recording stops mid-sentence,
    // and in the other only the customer says 再见 after the agent's 客气嗯好的 — both real misses of the rule.
    expect(passed).toBe(8)
  })
})
