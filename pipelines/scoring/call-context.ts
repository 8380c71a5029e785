import type { Transcript } from '../contracts/transcript.js'
import type { Evidence } from '../contracts/scorecard.js'
import { normalizeText } from '../text/normalize.js'
import { toSounds } from '../text/pinyin.js'
import type { ListId, PhraseBook, PhraseHit } from './phrase-book.js'

/** An utterance as the rules see it: normalised once, scanned for phrases at most once, sounded out on demand. */
export interface Turn {
  speaker: 'agent' | 'customer' | 'unknown'
  startMs: number
  endMs: number
  text: string
  norm: string
}

/**
 * What every rule reads about one call. Timing rules need utterances attributed to agent and customer; when the
 * transcript has none (mono recording, empty transcript) `attributed` is false and those rules answer `na`.
 */
export class CallContext {
  readonly agent: Turn[] = []
  readonly customer: Turn[] = []
  readonly attributed: boolean
  private readonly hitCache = new Map<Turn, PhraseHit[]>()
  private readonly soundCache = new Map<Turn, Int32Array>()

  constructor(
    readonly transcript: Transcript,
    private readonly book: PhraseBook,
  ) {
    const sorted = [...transcript.utterances].sort((a, b) => a.startMs - b.startMs)
    for (const u of sorted) {
      if (u.speaker === 'unknown') continue
      const turn: Turn = { speaker: u.speaker, startMs: u.startMs, endMs: u.endMs, text: u.text, norm: normalizeText(u.text) }
      ;(u.speaker === 'agent' ? this.agent : this.customer).push(turn)
    }
    this.attributed = this.agent.length + this.customer.length > 0
  }

  hits(turn: Turn, list: ListId): PhraseHit[] {
    let all = this.hitCache.get(turn)
    if (!all) this.hitCache.set(turn, (all = this.book.scan(turn.norm)))
    return all.filter((h) => h.list === list)
  }

  /** Whether the turn says a phrase of the list, tolerating homophones and small ASR slips. Returns its text. */
  says(turn: Turn, list: ListId): string | undefined {
    const exact = this.hits(turn, list)[0]
    if (exact) return this.book.phraseText(list, exact.phrase)
    let sounds = this.soundCache.get(turn)
    if (!sounds) this.soundCache.set(turn, (sounds = toSounds(turn.norm)))
    const fuzzy = this.book.soundsLike(list, sounds)
    return fuzzy >= 0 ? this.book.phraseText(list, fuzzy) : undefined
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
