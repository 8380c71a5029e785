import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Transcript, Utterance } from '../pipelines/contracts/transcript.js'

/*
 * Real dialogues from ../shared/corpora turned into Transcripts. The corpora have text but no timestamps, so times are
 * estimated from a speaking rate; tests use them for what the text says, benchmarks for realistic volume.
 */

/** Beside the repository, as every developer and CI has it; run from the repository root (npm scripts, vitest). */
export const CORPORA_DIR = process.env.CALLQA_CORPORA ?? join(process.cwd(), '..', 'shared', 'corpora')

/** Mandarin clips with reference transcripts (refs.tsv): read speech, 16 kHz, with telephone-8k copies. */
export const ASR_DIR = join(CORPORA_DIR, 'mandarin-asr')

export interface AsrRef {
  file: string
  /** gold: a human reference; silver: a consensus of recognisers. */
  quality: string
  reference: string
}

export function readAsrRefs(): AsrRef[] {
  const [, ...lines] = readFileSync(join(ASR_DIR, 'refs.tsv'), 'utf8').trim().split('\n')
  return lines.map((line) => {
    const [file, , quality, reference] = line.split('\t')
    return { file: file!, quality: quality!, reference: reference! }
  })
}

/** The telephone-8k copy of a clip. Copies are named <source>__<upstream name>, which the clip's own name ends with. */
export function telephoneCopy(file: string): string {
  const prefixed = readdirSync(join(ASR_DIR, 'telephone-8k'))
    .filter((name) => file.endsWith(name.split('__')[1] ?? '\0'))
    .sort((a, b) => b.length - a.length)[0]
  if (!prefixed) throw new Error(`no telephone-8k copy of ${file}`)
  return join(ASR_DIR, 'telephone-8k', prefixed)
}

export type Line = { speaker: 'agent' | 'customer'; text: string }

/** Deterministic pseudo-random numbers (mulberry32), so generated calls are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Lays lines end to end at ~150 chars/min with short pauses between turns. */
export function timeLines(lines: readonly Line[], random = seeded(1)): Utterance[] {
  let t = 300
  return lines.map(({ speaker, text }) => {
    const chars = text.replace(/[\s\p{P}]/gu, '').length
    const duration = Math.max(600, Math.round((chars / (140 + random() * 30)) * 60_000))
    const u: Utterance = { speaker, startMs: t, endMs: t + duration, text }
    t += duration + 200 + Math.round(random() * 800)
    return u
  })
}

export function transcriptOf(callId: string, utterances: Utterance[], overrides: Partial<Transcript> = {}): Transcript {
  const last = utterances.reduce((end, u) => Math.max(end, u.endMs), 0)
  return {
    callId,
    hotline: '400-800-1234',
    agentId: 'A1001',
    agentName: '测试坐席',
    teamId: 'T01',
    direction: 'inbound',
    startedAt: '2026-11-02T10:00:00+08:00',
    ringSeconds: 6,
    durationSeconds: Math.ceil(last / 1000) + 2,
    hangupBy: 'customer',
    utterances,
    ...overrides,
  }
}

/** The 10 China Mobile calls: turns alternate agent ([SPEAKER 1]) and customer ([SPEAKER 2]), each with intent labels. */
export interface MobileCsTurn {
  agent: string
  customer: string
  agentIntent: string
}

export function loadMobileCs(): Array<{ id: string; turns: MobileCsTurn[] }> {
  const raw = JSON.parse(readFileSync(join(CORPORA_DIR, 'dialogues', 'mobilecs', 'example.json'), 'utf8')) as Array<{
    id: string
    content: Array<Record<string, string>>
  }>
  return raw.map((call) => ({
    id: call.id,
    turns: call.content.map((turn) => ({
      agent: turn['[SPEAKER 1]'] ?? '',
      customer: turn['[SPEAKER 2]'] ?? '',
      agentIntent: turn['客服意图'] ?? '',
    })),
  }))
}

/** A Weibo post is one long turn; a recogniser cuts speech at pauses: sentence ends and most commas. */
function sentences(text: string): string[] {
  const pieces = text.split(/(?<=[。！？!?；;，,])/).filter((s) => s.replace(/[\s\p{P}]/gu, '') !== '')
  const out: string[] = []
  for (const piece of pieces) {
    const last = out.length - 1
    if (last >= 0 && out[last]!.length < 10) out[last] += piece
    else out.push(piece.trim())
  }
  return out
}

/** Helpdesk dialogues of NTCIR-14 STC-3 as agent/customer lines (Weibo text: real sentences, typed not spoken). */
export function loadStc3Dialogues(file = 'train_data_cn.json'): Line[][] {
  const raw = JSON.parse(readFileSync(join(CORPORA_DIR, 'dialogues', 'stc3', file), 'utf8')) as Array<{
    turns: Array<{ sender: string; utterances: string[] }>
  }>
  return raw.map((d) =>
    d.turns.flatMap((turn) =>
      turn.utterances
        .flatMap(sentences)
        .map((text): Line => ({ speaker: turn.sender === 'helpdesk' ? 'agent' : 'customer', text })),
    ),
  )
}

/**
 * ~5-minute calls stitched from consecutive STC-3 dialogues, opened and closed the way agents do, with the odd
 * back-channel over the customer, so the text and timing rules all have work to do.
 */
export function generateCalls(count: number, seed = 7, targetMs = 300_000): Transcript[] {
  const dialogues = loadStc3Dialogues()
  const random = seeded(seed)
  const calls: Transcript[] = []
  let d = Math.floor(random() * dialogues.length)
  for (let n = 0; n < count; n++) {
    const lines: Line[] = [{ speaker: 'agent', text: '您好，很高兴为您服务，请问有什么可以帮您？' }]
    let estimatedMs = 0
    while (estimatedMs < targetMs) {
      const dialogue = dialogues[d++ % dialogues.length]!
      for (const line of dialogue) {
        lines.push(line)
        estimatedMs += (line.text.length / 150) * 60_000 + 700
      }
    }
    lines.push({ speaker: 'agent', text: '请问还有其他可以帮您的吗？感谢您的来电，再见。' })
    const utterances = timeLines(lines, random)
    const customerTurn = utterances.find((u, i) => i > 3 && u.speaker === 'customer' && u.endMs - u.startMs > 3000)
    if (customerTurn && random() < 0.5) {
      const at = customerTurn.startMs + 1000
      utterances.push({ speaker: 'agent', startMs: at, endMs: at + 400, text: '嗯' })
    }
    utterances.sort((a, b) => a.startMs - b.startMs)
    calls.push(transcriptOf(`BENCH-${seed}-${n}`, dedupeOverlaps(utterances), { agentId: `A${1000 + (n % 50)}` }))
  }
  return calls
}

/** Drops a generated utterance that would overlap another of the same speaker (invalid per the contract). */
function dedupeOverlaps(utterances: Utterance[]): Utterance[] {
  const lastEnd = new Map<string, number>()
  return utterances.filter((u) => {
    if (u.startMs < (lastEnd.get(u.speaker) ?? 0)) return false
    lastEnd.set(u.speaker, u.endMs)
    return true
  })
}
