import { AhoCorasick } from '../text/aho-corasick.js'
import { ApproximatePattern } from '../text/approximate.js'
import { normalizeText } from '../text/normalize.js'
import { toSounds } from '../text/pinyin.js'

/*
 * Every phrase list of a ruleset goes into one Aho–Corasick automaton, so each agent utterance is scanned once for
 * all rules together. A phrase may contain gaps (您的…是…对吗): its parts are matched like any phrase and then
 * checked for order and distance.
 */

const GAP = /…|\.\.\./
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
  parts: string[]
  /** Only gap-free phrases have a sound pattern for homophone matching. */
  sounds?: ApproximatePattern
  maxEdits: number
}

/** Homophones always match; beyond that one slip (insertion, deletion, substitution) per four syllables, at most 3. */
function editsAllowed(length: number): number {
  return Math.min(3, Math.floor(length / 4))
}

function compilePhrase(text: string): Phrase {
  const parts = text.split(GAP).map(normalizeText)
  if (parts.some((p) => p.length === 0)) throw new Error(`phrase "${text}" has an empty part once punctuation is removed`)
  const sounds = parts.length === 1 ? new ApproximatePattern(toSounds(parts[0]!)) : undefined
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

interface PartRef {
  list: ListId
  phrase: number
  part: number
}

export class PhraseBook {
  private readonly automaton: AhoCorasick
  /** For each distinct part string (automaton pattern id): the phrase parts it stands for. */
  private readonly refs: PartRef[][] = []

  constructor(private readonly lists: Phrase[][]) {
    const patternIds = new Map<string, number>()
    lists.forEach((phrases, list) =>
      phrases.forEach((p, phrase) =>
        p.parts.forEach((text, part) => {
          let id = patternIds.get(text)
          if (id === undefined) {
            id = patternIds.size
            patternIds.set(text, id)
            this.refs.push([])
          }
          this.refs[id]!.push({ list, phrase, part })
        }),
      ),
    )
    this.automaton = new AhoCorasick([...patternIds.keys()])
  }

  phraseText(list: ListId, phrase: number): string {
    return this.lists[list]![phrase]!.text
  }

  /** Every exact occurrence of every phrase of every list in normalised text. */
  scan(text: string): PhraseHit[] {
    const hits: PhraseHit[] = []
    let gappedParts: Array<PartRef & { start: number; end: number }> | undefined
    this.automaton.search(text, (id, start, end) => {
      for (const ref of this.refs[id]!) {
        if (this.lists[ref.list]![ref.phrase]!.parts.length === 1) hits.push({ list: ref.list, phrase: ref.phrase, start, end })
        else (gappedParts ??= []).push({ ...ref, start, end })
      }
    })
    if (gappedParts) hits.push(...this.joinGaps(gappedParts))
    return hits
  }

  private joinGaps(found: Array<PartRef & { start: number; end: number }>): PhraseHit[] {
    const hits: PhraseHit[] = []
    const phrases = new Set(found.map((f) => `${f.list}:${f.phrase}`))
    for (const key of phrases) {
      const [list, phrase] = key.split(':').map(Number) as [number, number]
      const parts = this.lists[list]![phrase]!.parts
      const of = (part: number) => found.filter((f) => f.list === list && f.phrase === phrase && f.part === part)
      for (const first of of(0)) {
        let end = first.end
        for (let part = 1; part < parts.length && end >= 0; part++) {
          const nextPart = of(part).find((f) => f.start >= end && f.start - end <= MAX_GAP_CHARS)
          end = nextPart ? nextPart.end : -1
        }
        if (end >= 0) {
          hits.push({ list, phrase, start: first.start, end })
          break
        }
      }
    }
    return hits
  }

  /** The first gap-free phrase of `list` that sounds like part of the text, or -1. */
  soundsLike(list: ListId, sounds: Int32Array): number {
    return this.lists[list]!.findIndex((p) => p.sounds?.occursIn(sounds, p.maxEdits) ?? false)
  }
}
