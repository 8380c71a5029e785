import type { Transcript } from '../contracts/transcript.js'
import type { Evidence } from '../contracts/scorecard.js'
import { normalizeText } from '../text/normalize.js'
import type { ListId, PhraseBook, PhraseHit, ScanResult, SoundScan } from './phrase-book.js'

const NONE: readonly PhraseHit[] = Object.freeze([])

/** An utterance as the rules see it: normalised on first use, scanned for phrases at most once. */
export class Turn {
  private normalized?: Uint16Array
  /** Filled on first use: the exact phrase scan, and the sound scan for homophone matching. */
  hits?: ScanResult
  sounds?: SoundScan

  constructor(
    readonly speaker: 'agent' | 'customer',
    readonly startMs: number,
    readonly endMs: number,
    readonly text: string,
  ) {}

  /** The text as normalised code units (see normalizeText); its length counts the characters said. */
  get norm(): Uint16Array {
    return (this.normalized ??= normalizeText(this.text))
  }
}

/**
 * What every rule reads about one call. Timing rules need utterances attributed to agent and customer; when the
 * transcript has none (mono recording, empty transcript) `attributed` is false and those rules answer `na`.
 */
export class CallContext {
  readonly agent: Turn[] = []
  readonly customer: Turn[] = []
  readonly attributed: boolean

  constructor(
    readonly transcript: Transcript,
    private readonly book: PhraseBook,
  ) {
    const sorted = [...transcript.utterances].sort((a, b) => a.startMs - b.startMs)
    for (const u of sorted) {
      if (u.speaker === 'unknown') continue
      ;(u.speaker === 'agent' ? this.agent : this.customer).push(new Turn(u.speaker, u.startMs, u.endMs, u.text))
    }
    this.attributed = this.agent.length + this.customer.length > 0
  }

  hits(turn: Turn, list: ListId): readonly PhraseHit[] {
    turn.hits ??= this.book.scan(turn.norm)
    return turn.hits[list] ?? NONE
  }

  /**
   * The first of `turns` that says a phrase of the list, and the phrase: exact matches anywhere win over
   * homophone or slightly garbled ones, which are only looked for when no turn has an exact match.
   */
  says(turns: readonly Turn[], list: ListId): { turn: Turn; phrase: string } | undefined {
    for (const turn of turns) {
      const exact = this.hits(turn, list).reduce<PhraseHit | undefined>((a, h) => (!a || h.end - h.start > a.end - a.start ? h : a), undefined)
      if (exact) return { turn, phrase: this.book.phraseText(list, exact.phrase) }
    }
    for (const turn of turns) {
      const fuzzy = this.book.soundsLike(list, (turn.sounds ??= this.book.soundScan(turn.norm)))
      if (fuzzy >= 0) return { turn, phrase: this.book.phraseText(list, fuzzy) }
    }
    return undefined
  }

  phraseText(list: ListId, phrase: number): string {
    return this.book.phraseText(list, phrase)
  }

  /** The agent turns ending in the last `ms` of the agent's speech. */
  lastAgentTurns(ms: number): Turn[] {
    const last = this.agent.reduce((end, t) => Math.max(end, t.endMs), 0)
    return this.agent.filter((t) => t.endMs >= last - ms)
  }
}

export function evidenceOf(turn: Turn, note: string): Evidence {
  return { startMs: turn.startMs, endMs: turn.endMs, speaker: turn.speaker, text: turn.text, note }
}
