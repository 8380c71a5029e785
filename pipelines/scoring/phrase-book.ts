import { PHRASE_GAP } from '../contracts/ruleset.js'
import { AhoCorasick } from '../text/aho-corasick.js'
import { ApproximatePattern } from '../text/approximate.js'
import { normalizeText } from '../text/normalize.js'
import { toSounds } from '../text/pinyin.js'

/*
 * Every phrase list of a ruleset goes into one Aho–Corasick automaton, so each agent utterance is scanned once for
 * all rules together. A phrase may contain gaps (您的…是…对吗): its parts are matched like any phrase and then
 * checked for order and distance.
 */

/** The longest gap a `…` stands for, in normalised characters. */
const MAX_GAP_CHARS = 20

export type ListId = number

export interface PhraseHit {
  list: ListId
  phrase: number
  start: number
  end: number
}

interface Phrase {
  text: string
  /** Normalised code units of each part between gaps. */
  parts: Uint16Array[]
  /** Only gap-free phrases of at least MIN_SOUND_MATCH_LENGTH characters have a sound pattern. */
  sounds?: ApproximatePattern
  maxEdits: number
}

/** Homophones always match; beyond that one slip (insertion, deletion, substitution) per four syllables, at most 3. */
function editsAllowed(length: number): number {
  return Math.min(3, Math.floor(length / 4))
}

/** Two syllables sound like too much ordinary speech (正在检查 has 再见 in it), so short phrases match exactly. */
const MIN_SOUND_MATCH_LENGTH = 3

/**
 * A phrase within k edits of some text contains at least one of its k+1 pieces unchanged (pigeonhole), so only
 * phrases with a piece found exactly in the text's sounds need the costlier approximate check.
 */
function pigeonholePieces(sounds: Uint16Array, maxEdits: number): Uint16Array[] {
  const count = maxEdits + 1
  const size = Math.ceil(sounds.length / count)
  const pieces = []
  for (let i = 0; i < sounds.length; i += size) pieces.push(sounds.subarray(i, i + size))
  return pieces
}

function compilePhrase(text: string): Phrase {
  const parts = text.split(PHRASE_GAP).map(normalizeText)
  if (parts.some((p) => p.length === 0)) throw new Error(`phrase "${text}" has an empty part once punctuation is removed`)
  const sounds = parts.length === 1 && parts[0]!.length >= MIN_SOUND_MATCH_LENGTH ? new ApproximatePattern(toSounds(parts[0]!)) : undefined
  return { text, parts, sounds, maxEdits: editsAllowed(parts[0]!.length) }
}

export class PhraseBookBuilder {
  private readonly lists: Phrase[][] = []

  list(phrases: readonly string[]): ListId {
    this.lists.push(phrases.map(compilePhrase))
    return this.lists.length - 1
  }

  build(): PhraseBook {
    return new PhraseBook(this.lists)
  }
}

/** What one automaton pattern (a distinct phrase or gap-separated part) stands for. */
interface PatternRefs {
  phrases: Array<{ list: ListId; phrase: number }>
  parts: Array<{ gapped: number; part: number }>
}

interface PartHit {
  part: number
  start: number
  end: number
}

/** Distinct code-unit sequences, each with a dense id: one automaton pattern per distinct phrase part or piece. */
class Interned {
  private readonly ids = new Map<string, number>()
  readonly all: Uint16Array[] = []

  id(codes: Uint16Array): number {
    const key = String.fromCharCode(...codes)
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.all.push(codes) - 1
      this.ids.set(key, id)
    }
    return id
  }
}

/** Exact hits of one text, by list id; lists without hits are undefined. */
export type ScanResult = Array<PhraseHit[] | undefined>

/** A text's sounds, and per list the phrases that may sound like part of it (ascending phrase index). */
export interface SoundScan {
  sounds: Uint16Array
  candidates: Array<number[] | undefined>
}

export class PhraseBook {
  private readonly automaton: AhoCorasick
  private readonly soundAutomaton: AhoCorasick
  private readonly patterns: PatternRefs[] = []
  private readonly pieceRefs: Array<Array<{ list: ListId; phrase: number }>> = []
  private readonly gapped: Array<{ list: ListId; phrase: number; parts: number }> = []

  constructor(private readonly lists: Phrase[][]) {
    const patterns = new Interned()
    lists.forEach((phrases, list) =>
      phrases.forEach((p, phrase) => {
        const refsOf = (codes: Uint16Array) => (this.patterns[patterns.id(codes)] ??= { phrases: [], parts: [] })
        if (p.parts.length === 1) return refsOf(p.parts[0]!).phrases.push({ list, phrase })
        const gapped = this.gapped.push({ list, phrase, parts: p.parts.length }) - 1
        p.parts.forEach((codes, part) => refsOf(codes).parts.push({ gapped, part }))
      }),
    )
    this.automaton = new AhoCorasick(patterns.all)

    const pieces = new Interned()
    lists.forEach((phrases, list) =>
      phrases.forEach((p, phrase) => {
        if (!p.sounds) return
        for (const piece of pigeonholePieces(p.sounds.symbols, p.maxEdits)) (this.pieceRefs[pieces.id(piece)] ??= []).push({ list, phrase })
      }),
    )
    this.soundAutomaton = new AhoCorasick(pieces.all)
  }

  phraseText(list: ListId, phrase: number): string {
    return this.lists[list]![phrase]!.text
  }

  /** Every exact occurrence of every phrase of every list in normalised text. */
  scan(text: Uint16Array): ScanResult {
    const byList: ScanResult = []
    const add = (list: ListId, phrase: number, start: number, end: number) =>
      (byList[list] ??= []).push({ list, phrase, start, end })
    let partHits: Array<PartHit[] | undefined> | undefined
    this.automaton.search(text, (id, start, end) => {
      const refs = this.patterns[id]!
      for (const { list, phrase } of refs.phrases) add(list, phrase, start, end)
      for (const { gapped, part } of refs.parts) {
        // Parts must come in order, so a later part seen before the first one can never complete a chain.
        if (part > 0 && partHits?.[gapped] === undefined) continue
        ;((partHits ??= [])[gapped] ??= []).push({ part, start, end })
      }
    })
    partHits?.forEach((hits, g) => {
      const { list, phrase, parts } = this.gapped[g]!
      const span = hits && chainParts(hits, parts)
      if (span) add(list, phrase, span.start, span.end)
    })
    return byList
  }

  soundScan(normalized: Uint16Array): SoundScan {
    const sounds = toSounds(normalized)
    const candidates: SoundScan['candidates'] = []
    this.soundAutomaton.search(sounds, (id) => {
      for (const { list, phrase } of this.pieceRefs[id]!) {
        const phrases = (candidates[list] ??= [])
        if (!phrases.includes(phrase)) phrases.push(phrase)
      }
    })
    for (const phrases of candidates) phrases?.sort((a, b) => a - b)
    return { sounds, candidates }
  }

  /** The first gap-free phrase of `list` that sounds like part of the scanned text, or -1. */
  soundsLike(list: ListId, scan: SoundScan): number {
    const phrases = this.lists[list]!
    for (const i of scan.candidates[list] ?? []) {
      const p = phrases[i]!
      if (p.sounds!.occursIn(scan.sounds, p.maxEdits)) return i
    }
    return -1
  }
}

/**
 * The earliest-starting run of parts 0..n-1 in order, each starting at most MAX_GAP_CHARS after the previous one
 * ends. Every occurrence of every part is tried, not just the first: 您的号码是不是……这个号码对吗 chains through the
 * second 是.
 */
function chainParts(hits: PartHit[], parts: number): { start: number; end: number } | undefined {
  // For each reachable end of the chain so far, the latest start that reaches it (the tightest match).
  let reach = new Map<number, number>()
  for (const h of hits) if (h.part === 0) reach.set(h.end, Math.max(reach.get(h.end) ?? -1, h.start))
  for (let part = 1; part < parts && reach.size > 0; part++) {
    const next = new Map<number, number>()
    for (const h of hits) {
      if (h.part !== part) continue
      for (const [end, start] of reach) {
        if (h.start >= end && h.start - end <= MAX_GAP_CHARS) next.set(h.end, Math.max(next.get(h.end) ?? -1, start))
      }
    }
    reach = next
  }
  let best: { start: number; end: number } | undefined
  for (const [end, start] of reach) if (!best || start < best.start) best = { start, end }
  return best
}
