import type { Metrics } from '../contracts/scorecard.js'
import type { CallContext, Turn } from './call-context.js'

export interface Span {
  startMs: number
  endMs: number
}

/** Length of the overlap of two spans, 0 when they are apart. */
export function overlapMs(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs))
}

/** Where two sorted, non-overlapping span lists overlap each other (two-pointer sweep). */
export function intersections(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    const startMs = Math.max(x.startMs, y.startMs)
    const endMs = Math.min(x.endMs, y.endMs)
    if (endMs > startMs) out.push({ startMs, endMs })
    if (x.endMs < y.endMs) i++
    else j++
  }
  return out
}

function talkMs(turns: readonly Turn[]): number {
  return turns.reduce((sum, t) => sum + (t.endMs - t.startMs), 0)
}

/** Gaps between consecutive agent turns, with the turns either side. */
export function agentGaps(ctx: CallContext): Array<{ before: Turn; after: Turn; ms: number }> {
  const gaps = []
  for (let i = 1; i < ctx.agent.length; i++) {
    const before = ctx.agent[i - 1]!
    const after = ctx.agent[i]!
    gaps.push({ before, after, ms: after.startMs - before.endMs })
  }
  return gaps
}

function round1(x: number): number {
  return Math.round(x * 10) / 10
}

export function measure(ctx: CallContext): Metrics {
  const agentTalkMs = talkMs(ctx.agent)
  const customerTalkMs = talkMs(ctx.customer)
  const agentChars = ctx.agent.reduce((sum, t) => sum + t.norm.length, 0)
  const overtalk = ctx.attributed && !ctx.oneChannel ? intersections(ctx.agent, ctx.customer) : undefined
  return {
    agentCharsPerMinute: agentTalkMs > 0 ? round1(agentChars / (agentTalkMs / 60_000)) : null,
    overtalkCount: overtalk ? overtalk.length : null,
    overtalkMs: overtalk ? overtalk.reduce((sum, s) => sum + s.endMs - s.startMs, 0) : null,
    longestAgentSilenceMs: ctx.agent.length > 0 ? agentGaps(ctx).reduce((max, g) => Math.max(max, g.ms), 0) : null,
    talkRatio: agentTalkMs + customerTalkMs > 0 ? Math.round((agentTalkMs / (agentTalkMs + customerTalkMs)) * 1000) / 1000 : null,
    agentTalkMs,
    customerTalkMs,
  }
}
