import type { Transcript } from '../contracts/transcript.js'
import type { Evidence, PhraseMatch } from '../contracts/scorecard.js'
import { clauseBreaks, normalizeText } from '../text/normalize.js'
import { SAME_SOUND_MIN_LENGTH, SHORT_SLIP_LENGTH, type ListId, type PhraseBook, type PhraseHit, type ScanResult, type SoundHit, type SoundScan } from './phrase-book.js'

const NONE: readonly never[] = Object.freeze([])

/** A phrase a turn says, and how it was recognised. */
export interface Said {
  turn: Turn
  phrase: string
  match: PhraseMatch
}

/** An utterance as the rules see it: normalised on first use, scanned for phrases at most once. */
export class Turn {
  private normalized?: Uint16Array
  /** Filled on first use: the exact phrase scan, the sound scan for homophone matching, where clauses begin and end. */
  hits?: ScanResult
  sounds?: SoundScan
  breaks?: Set<number>

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

  /** What the ASR wrote between two positions of the normalised text. */
  heard(start: number, end: number): string {
    return String.fromCharCode(...this.norm.subarray(start, end))
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

  /** The list's phrases found in the turn by their sound (same or near), where their text is not. */
  soundHits(turn: Turn, list: ListId): readonly SoundHit[] {
    return this.soundScan(turn).hits?.[list] ?? NONE
  }

  /**
   * The first of `turns` that says a phrase of the list, and the phrase: exact matches anywhere win over matches by
   * sound, which are only looked for when no turn has an exact match. By sound, a phrase of four characters or more
   * may also carry a small slip; a two-character one (您好, 再见), or a short one with a slip, must end a clause:
   * measured on real agent speech (npm run bench:phrases), anywhere else it is mostly the start of other words
   * (请将您的姓名 is not 请讲, 在建行官网 is not 再见, 稍后我会 is not 稍候, 请您登录 is not 请您稍等).
   */
  says(turns: readonly Turn[], list: ListId): Said | undefined {
    for (const turn of turns) {
      const exact = this.hits(turn, list).reduce<PhraseHit | undefined>((a, h) => (!a || h.end - h.start > a.end - a.start ? h : a), undefined)
      if (exact) return this.said(turn, exact, 'text')
    }
    for (const turn of turns) {
      const scan = this.soundScan(turn)
      const near = this.book.soundsLike(list, scan)
      const length = near && this.book.phraseLength(list, near.phrase)
      if (near && (length! >= SHORT_SLIP_LENGTH || near.end - near.start === length || this.endsClause(turn, near))) return this.said(turn, near, near.by)
      const short = (scan.hits?.[list] ?? NONE).find(
        (h) => h.by === 'same-sound' && this.book.phraseLength(list, h.phrase) === SAME_SOUND_MIN_LENGTH && this.endsClause(turn, h),
      )
      if (short) return this.said(turn, short, short.by)
    }
    return undefined
  }

  private said(turn: Turn, hit: PhraseHit, by: PhraseMatch['by']): Said {
    const phrase = this.book.phraseText(hit.list, hit.phrase)
    return { turn, phrase, match: { phrase, heard: by === 'text' ? phrase : turn.heard(hit.start, hit.end), by } }
  }

  private soundScan(turn: Turn): SoundScan {
    return (turn.sounds ??= this.book.soundScan(turn.norm))
  }

  private endsClause(turn: Turn, hit: PhraseHit): boolean {
    turn.breaks ??= clauseBreaks(turn.text)
    return turn.breaks.has(hit.end)
  }

  phraseText(list: ListId, phrase: number): string {
    return this.book.phraseText(list, phrase)
  }

  /** The agent turns ending in the last `ms` of the agent's speech. */
  lastAgentTurns(ms: number): Turn[] {
    const last = this.agent.reduce((end, t) => Math.max(end, t.endMs), 0)
    return this.agent.filter((t) => t.endMs >= last - ms)
  }

  /**
   * Of `turns`, those after the opening: begun once the customer has spoken (or, in a call where the customer never
   * does, after the agent's first turn). A recap or a closing inside the greeting (还有什么可以帮您) is neither.
   */
  afterOpening(turns: readonly Turn[]): Turn[] {
    const opened = this.customer[0]?.startMs ?? this.agent[0]?.endMs ?? 0
    return turns.filter((t) => t.startMs >= opened)
  }
}

export function evidenceOf(turn: Turn, note: string, match?: PhraseMatch): Evidence {
  const evidence: Evidence = { startMs: turn.startMs, endMs: turn.endMs, speaker: turn.speaker, text: turn.text, note }
  if (match && match.by !== 'text') evidence.match = match
  return evidence
}

const BY_SOUND: Record<Exclude<PhraseMatch['by'], 'text'>, string> = { 'same-sound': '同音', 'near-sound': '近音' }

/** A phrase as a note names it: 再见, or 再见（同音：在见） when it was recognised by its sound. */
export function phraseNote(match: PhraseMatch): string {
  return match.by === 'text' ? match.phrase : `${match.phrase}（${BY_SOUND[match.by]}：${match.heard}）`
}

/** Evidence that a turn said a phrase, noting how it was recognised. */
export function evidenceOfSaid(said: Said, note: string): Evidence {
  return evidenceOf(said.turn, `${note}：${phraseNote(said.match)}`, said.match)
}
