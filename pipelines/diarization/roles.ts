import type { Ruleset } from '../contracts/ruleset.js'
import type { SpeakerRoles } from '../contracts/transcript.js'
import { normalizeText } from '../text/normalize.js'
import { PhraseBookBuilder, type ListId, type PhraseBook } from '../scoring/phrase-book.js'

/*
 * Which separated voice is the agent, decided from what each says and when, never assumed: the ruleset's own
 * greeting, company names and script phrases (hold, recap, closing), polite words and the formal 您, against what
 * callers say (我想…, 你们…); and who speaks first (on an inbound call the agent answers; on an outbound call the
 * customer picks up). The margin between the two best candidates becomes a confidence; a low one, one voice only,
 * or three or more voices are marked for an inspector. Pure.
 */

export type Role = 'agent' | 'customer' | 'unknown'

export interface VoiceText {
  /** The separated voice (0, 1, …). */
  voice: number
  startMs: number
  endMs: number
  text: string
}

interface CueList {
  list: ListId
  weight: number
  /** Hits counted at most this many times (one phrase repeated must not outweigh everything). */
  cap: number
  name: string
}

export interface RoleCues {
  book: PhraseBook
  agent: CueList[]
  customer: CueList[]
}

/**
 * What callers say and agents do not, whatever the centre: asking for themselves, speaking of the company as 你们,
 * complaining. Not from the ruleset, which only describes the agent.
 */
const CUSTOMER_PHRASES = ['我想', '我要', '我的', '你们', '我上周', '我昨天', '我买的', '我刚才', '怎么回事', '为什么', '能不能帮我', '帮我查', '什么时候能']

export function compileRoleCues(ruleset: Ruleset): RoleCues {
  const builder = new PhraseBookBuilder()
  const r = ruleset.rules
  const cue = (phrases: readonly string[] | undefined, weight: number, cap: number, name: string): CueList[] =>
    phrases && phrases.length > 0 ? [{ list: builder.list(phrases, 'everywhere'), weight, cap, name }] : []
  const agent = [
    ...cue(r.greeting?.helpOffers, 3, 2, '服务用语'),
    ...cue(r.greeting?.companyNames, 3, 2, '公司名称'),
    ...cue(r['hold-checkin'] && [...r['hold-checkin'].announcePhrases, ...r['hold-checkin'].thanksPhrases], 2, 2, '等待用语'),
    ...cue(r.recap?.phrases, 2, 2, '复述确认'),
    ...cue(r.closing?.phrases.filter((p) => [...p].length >= 4), 2, 2, '结束语'),
    ...cue(r['polite-words']?.words.filter((w) => !['谢谢', '再见', '请'].includes(w)), 0.5, 6, '礼貌用语'),
    ...cue(r['polite-words']?.formalAddress, 0.3, 10, '称呼“您”'),
  ]
  const customer = cue(CUSTOMER_PHRASES, 1, 6, '客户用语')
  return { book: builder.build(), agent, customer }
}

/** Below this confidence the roles go to an inspector. */
export const REVIEW_BELOW = 0.9
/** How much the first words count: a bonus to the voice heard first (inbound) or to the other (outbound). */
const FIRST_WORDS = 1.5

export interface Attribution {
  /** Per voice. */
  roles: Role[]
  summary: SpeakerRoles
}

export function attributeRoles(cues: RoleCues, utterances: readonly VoiceText[], voices: number, direction: 'inbound' | 'outbound'): Attribution {
  const heard = [...new Set(utterances.map((u) => u.voice))].sort((a, b) => a - b)
  const scores = new Map<number, { agentness: number; cues: string[] }>()
  for (const v of heard) scores.set(v, score(cues, utterances.filter((u) => u.voice === v)))
  const first = [...utterances].sort((a, b) => a.startMs - b.startMs)[0]?.voice
  if (first !== undefined && heard.length > 1) {
    // Inbound: the agent answers the phone. Outbound: the customer does (喂？), the agent speaks second.
    for (const [v, s] of scores) {
      const bonus = (v === first) === (direction === 'inbound') ? FIRST_WORDS : 0
      if (bonus > 0) {
        s.agentness += bonus
        s.cues.push(direction === 'inbound' ? '先开口（呼入电话由坐席应答）' : '后开口（外呼电话由客户先接听）')
      }
    }
  }
  const ranked = [...scores].sort((a, b) => b[1].agentness - a[1].agentness || a[0] - b[0])
  const roles = new Array<Role>(voices).fill('unknown')
  const reasons: string[] = []
  const name = (v: number) => `说话人 ${v + 1}`
  if (ranked.length === 0) {
    return { roles, summary: { method: 'inferred', confidence: 0, speakers: 0, review: true, reasons: ['没有可分辨的说话内容'] } }
  }
  const [agentVoice, agentScore] = ranked[0]!
  let confidence: number
  if (ranked.length === 1) {
    // One voice: an agent's script says agent (an IVR prompt reads like one), anything else is the caller alone.
    roles[agentVoice] = agentScore.agentness > 0 ? 'agent' : 'customer'
    confidence = sigmoid(Math.abs(agentScore.agentness) - 1)
    reasons.push('只检测到一个说话人（可能是语音导航、语音信箱或单方录音）')
  } else {
    roles[agentVoice] = 'agent'
    const runnerUp = ranked[1]![1].agentness
    confidence = sigmoid(agentScore.agentness - runnerUp)
    for (const [v, s] of ranked.slice(1)) {
      // A later voice with an agent's script of its own is a colleague the call was transferred to.
      roles[v] = s.agentness >= agentScore.agentness / 2 && s.agentness >= 4 ? 'agent' : 'customer'
    }
    if (ranked.length > 2) reasons.push(`检测到 ${ranked.length} 个说话人（可能是转接或多方通话）`)
  }
  reasons.push(`${name(agentVoice)}判为${roles[agentVoice] === 'agent' ? '坐席' : '客户'}：${agentScore.cues.join('、') || '无明显坐席用语'}`)
  for (const [v, s] of ranked.slice(1)) reasons.push(`${name(v)}判为${roles[v] === 'agent' ? '坐席' : '客户'}：${s.cues.join('、') || '无明显坐席用语'}`)
  confidence = Math.round(confidence * 1000) / 1000
  if (confidence < REVIEW_BELOW) reasons.unshift(`角色判定置信度低（${confidence.toFixed(2)}），请核对坐席与客户`)
  return {
    roles,
    summary: { method: 'inferred', confidence, speakers: ranked.length, review: confidence < REVIEW_BELOW || ranked.length !== 2, reasons },
  }
}

function score(cues: RoleCues, turns: readonly VoiceText[]): { agentness: number; cues: string[] } {
  const counts = new Map<CueList, { n: number; example: string }>()
  for (const turn of turns) {
    const norm = normalizeText(turn.text)
    const exact = cues.book.scan(norm)
    const sound = cues.book.soundScan(norm)
    for (const c of [...cues.agent, ...cues.customer]) {
      const hits = [...(exact[c.list] ?? []), ...(sound.hits?.[c.list] ?? [])]
      if (hits.length === 0) continue
      const entry = counts.get(c) ?? { n: 0, example: cues.book.phraseText(c.list, hits[0]!.phrase) }
      entry.n += hits.length
      counts.set(c, entry)
    }
  }
  let agentness = 0
  const named: string[] = []
  for (const [c, { n, example }] of counts) {
    const sign = cues.customer.includes(c) ? -1 : 1
    agentness += sign * c.weight * Math.min(n, c.cap)
    if (sign > 0 && c.weight >= 2) named.push(`${c.name}“${example}”`)
    if (sign < 0) named.push(`${c.name}“${example}”×${n}`)
  }
  return { agentness, cues: named }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}
