import { PHRASE_GAP } from '../contracts/ruleset.js'
import { AhoCorasick } from '../text/aho-corasick.js'
import { SlipPattern } from '../text/approximate.js'
import { normalizeText } from '../text/normalize.js'
import { toSounds, toSyllables } from '../text/pinyin.js'

/*
 * Every phrase list of a ruleset goes into one Aho–Corasick automaton, so each agent utterance is scanned once for
 * all rules together. A phrase may contain gaps (您的…是…对吗): its parts are matched like any phrase and then
 * checked for order and distance.
 *
 * Telephone ASR writes what it heard, not what was meant (为你好 for 喂你好, 你有冰霸 for 你有病吧, 在见 for 再见), so
 * phrases are also found by sound, on a second pass over an utterance's sounds:
 * - the same sound: the same toneless syllables, for gap-free phrases of two characters or more;
 * - a near sound: syllables equal once fuzzy initials and finals are folded (zh/z, n/l, in/ing …), for gap-free
 *   phrases of NEAR_SOUND_MIN_LENGTH characters or more, which stay specific enough not to fire on ordinary speech;
 * - and for the phrases a rule wants said (greeting, recap, closing, hold), near sounds for phrases of three
 *   characters or more, with a syllable left out or put in as well from four on (see slipsAllowed and SlipPattern).
 * A match by sound keeps at least one character as written: an ASR slip changes a character or two of a phrase, while
 * a run of different characters that merely sounds alike is other words (拍照私信 does not say 找死).
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

/** A phrase found by its sound where its text is not there. */
export interface SoundHit extends PhraseHit {
  by: 'same-sound' | 'near-sound'
}

interface Phrase {
  text: string
  /** Normalised code units of each part between gaps. */
  parts: Uint16Array[]
  /** Gap-free phrases of at least SAME_SOUND_MIN_LENGTH characters: their toneless syllables and folded sounds. */
  syllables?: Uint16Array
  folded?: Uint16Array
  /** Gap-free phrases of at least APPROXIMATE_MIN_LENGTH characters: a search with slips allowed. */
  approximate?: SlipPattern
  maxSlips: number
}

/**
 * Homophones always match; beyond that one syllable left out or put in per four, at most 3 (还有什么帮您 is
 * 还有什么可以帮您, 艾克美呃集团 is 艾克美集团). A phrase shorter than SHORT_SLIP_LENGTH with a slip leaves little of
 * itself, so CallContext.says wants it to end a clause too (感谢_见 says 感谢再见, 请您登录 does not say 请您稍等).
 * Measured on real agent speech: npm run bench:phrases.
 */
function slipsAllowed(length: number): number {
  return Math.min(3, Math.floor(length / 4))
}

/** See slipsAllowed. */
export const SHORT_SLIP_LENGTH = 6

/** A single syllable sounds like too much ordinary speech to be matched by sound at all. */
export const SAME_SOUND_MIN_LENGTH = 2
/** Folded syllables of shorter phrases collide with ordinary words; from four on a phrase stays specific. */
const NEAR_SOUND_MIN_LENGTH = 4
/** Slips on top of near sounds: two syllables sound like too much ordinary speech (正在检查 has 再见 in it). */
const APPROXIMATE_MIN_LENGTH = 3

/**
 * A phrase within k slips of some text contains at least one of its k+1 pieces unchanged (pigeonhole), so only
 * phrases with a piece found exactly in the text's sounds need the costlier approximate check.
 */
function pigeonholePieces(sounds: Uint16Array, maxSlips: number): Uint16Array[] {
  const count = maxSlips + 1
  const size = Math.ceil(sounds.length / count)
  const pieces = []
  for (let i = 0; i < sounds.length; i += size) pieces.push(sounds.subarray(i, i + size))
  return pieces
}

function compilePhrase(text: string): Phrase {
  const parts = text.split(PHRASE_GAP).map(normalizeText)
  if (parts.some((p) => p.length === 0)) throw new Error(`phrase "${text}" has an empty part once punctuation is removed`)
  const phrase: Phrase = { text, parts, maxSlips: slipsAllowed(parts[0]!.length) }
  const whole = parts.length === 1 ? parts[0]! : undefined
  if (whole && whole.length >= SAME_SOUND_MIN_LENGTH) {
    phrase.syllables = toSyllables(whole)
    phrase.folded = toSounds(whole)
  }
  if (whole && whole.length >= APPROXIMATE_MIN_LENGTH) phrase.approximate = new SlipPattern(toSounds(whole))
  return phrase
}

/**
 * How a list is looked for by sound: `everywhere` in every utterance a rule reads (forbidden phrases and their
 * exceptions, through soundHits), or only `when-asked` (the phrases a rule wants said, through CallContext.says,
 * which needs the two-character ones scanned and tries the rest approximately): scanning every utterance's sounds
 * for every greeting and closing phrase would cost the scorer a third of its speed for nothing.
 */
export type SoundSearch = 'everywhere' | 'when-asked'

export class PhraseBookBuilder {
  private readonly lists: Phrase[][] = []
  private readonly scanned: boolean[][] = []

  list(phrases: readonly string[], bySound: SoundSearch = 'when-asked'): ListId {
    const compiled = phrases.map(compilePhrase)
    this.lists.push(compiled)
    this.scanned.push(compiled.map((p) => p.folded !== undefined && (bySound === 'everywhere' || p.parts[0]!.length === SAME_SOUND_MIN_LENGTH)))
    return this.lists.length - 1
  }

  build(): PhraseBook {
    return new PhraseBook(this.lists, this.scanned)
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

/**
 * A text's sounds (folded), per list the phrases found by sound (same or near, no slips), and, once asked for, its
 * toneless syllables and per list the phrases that may be within a slip of part of it (ascending phrase index).
 */
export class SoundScan {
  private syllablesOfText?: Uint16Array
  /** Filled by PhraseBook.soundsLike on first use. */
  candidates?: Array<number[] | undefined>

  /** Per list, its hits; undefined while there are none (most utterances). */
  hits?: Array<SoundHit[] | undefined>

  constructor(
    readonly text: Uint16Array,
    readonly sounds: Uint16Array,
  ) {}

  get syllables(): Uint16Array {
    return (this.syllablesOfText ??= toSyllables(this.text))
  }
}

type PhraseRefs = Array<{ list: ListId; phrase: number }>

export class PhraseBook {
  private readonly automaton: AhoCorasick
  private readonly patterns: PatternRefs[] = []
  private readonly gapped: Array<{ list: ListId; phrase: number; parts: number }> = []
  private readonly foldedAutomaton: AhoCorasick
  private readonly foldedRefs: PhraseRefs[] = []
  private readonly pieceAutomaton: AhoCorasick
  private readonly pieceRefs: PhraseRefs[] = []

  /** `scanned[list][phrase]`: whether soundScan looks for the phrase (see SoundSearch). */
  constructor(
    private readonly lists: Phrase[][],
    scanned: boolean[][],
  ) {
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

    const folded = new Interned()
    const pieces = new Interned()
    lists.forEach((phrases, list) =>
      phrases.forEach((p, phrase) => {
        if (scanned[list]![phrase]) (this.foldedRefs[folded.id(p.folded!)] ??= []).push({ list, phrase })
        if (!p.approximate) return
        for (const piece of pigeonholePieces(p.approximate.symbols, p.maxSlips)) (this.pieceRefs[pieces.id(piece)] ??= []).push({ list, phrase })
      }),
    )
    this.foldedAutomaton = new AhoCorasick(folded.all)
    this.pieceAutomaton = new AhoCorasick(pieces.all)
  }

  phraseText(list: ListId, phrase: number): string {
    return this.lists[list]![phrase]!.text
  }

  /** The phrase's length in normalised characters (its first part's, for a phrase with gaps). */
  phraseLength(list: ListId, phrase: number): number {
    return this.lists[list]![phrase]!.parts[0]!.length
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

  /**
   * Every phrase found by its sound (same or near) where its text is not: one pass over the folded sounds (the
   * same sound is a special case of the near one), the syllables compared only where a phrase turned up.
   */
  soundScan(text: Uint16Array): SoundScan {
    const scan = new SoundScan(text, toSounds(text))
    this.foldedAutomaton.search(scan.sounds, (id, start, end) => {
      for (const { list, phrase } of this.foldedRefs[id]!) {
        const p = this.lists[list]![phrase]!
        const written = p.parts[0]!
        if (same(text, start, written) || !keepsCharacter(text, start, end, written)) continue
        const by = same(scan.syllables, start, p.syllables!) ? 'same-sound' : written.length >= NEAR_SOUND_MIN_LENGTH ? 'near-sound' : undefined
        if (by) ((scan.hits ??= [])[list] ??= []).push({ list, phrase, start, end, by })
      }
    })
    return scan
  }

  /** Per list, the phrases with a slip pattern that have a piece in the scanned sounds. */
  private slipCandidates(sounds: Uint16Array): Array<number[] | undefined> {
    const candidates: Array<number[] | undefined> = []
    this.pieceAutomaton.search(sounds, (id) => {
      for (const { list, phrase } of this.pieceRefs[id]!) {
        const phrases = (candidates[list] ??= [])
        if (!phrases.includes(phrase)) phrases.push(phrase)
      }
    })
    for (const phrases of candidates) phrases?.sort((a, b) => a - b)
    return candidates
  }

  /**
   * The first phrase of `list` (in list order) that sounds like part of the scanned text, slips allowed: where, and
   * whether it was the same sound or a near one. Only phrases of APPROXIMATE_MIN_LENGTH characters or more.
   */
  soundsLike(list: ListId, scan: SoundScan): SoundHit | undefined {
    const phrases = this.lists[list]!
    scan.candidates ??= this.slipCandidates(scan.sounds)
    for (const phrase of scan.candidates[list] ?? []) {
      const p = phrases[phrase]!
      const span = p.approximate!.find(scan.sounds, p.maxSlips)
      if (!span || !keepsCharacter(scan.text, span.start, span.end, p.parts[0]!)) continue
      const sameSound = span.end - span.start === p.syllables!.length && same(scan.syllables, span.start, p.syllables!)
      return { list, phrase, ...span, by: sameSound ? 'same-sound' : 'near-sound' }
    }
    return undefined
  }
}

/** Whether text[start, end) keeps at least one character of the phrase as written. */
function keepsCharacter(text: Uint16Array, start: number, end: number, written: Uint16Array): boolean {
  for (let i = start; i < end; i++) if (written.includes(text[i]!)) return true
  return false
}

/** Whether `text` holds `part` at `start`. */
function same(text: Uint16Array, start: number, part: Uint16Array): boolean {
  for (let i = 0; i < part.length; i++) if (text[start + i] !== part[i]) return false
  return true
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
