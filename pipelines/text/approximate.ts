/**
 * Approximate search of a short pattern inside a text, where the only slips are symbols left out or put in inside
 * the pattern (an ASR dropping 为 from 很高兴为您服务, or writing 呃 into 祝您生活愉快): the fewest insertions and
 * deletions that turn some substring of the text into the pattern. A symbol replaced by another costs two, so a
 * different word in the middle of a phrase is not a slip; homophones are equal symbols to begin with (the symbols
 * are sounds, see toSounds). The first and last symbols must be there as they are: without them a phrase is a
 * shorter one (有什么可以帮您 in a greeting is not 还有什么可以帮您) or runs into another word (感谢您的耐心 is not
 * 感谢您的来电). Dynamic programming, O(text × pattern), run only on utterances that already hold a piece of the
 * pattern.
 */
export const MAX_PATTERN_LENGTH = 31

export interface Span {
  start: number
  end: number
}

export class SlipPattern {
  constructor(readonly symbols: Uint16Array) {
    const m = symbols.length
    if (m === 0 || m > MAX_PATTERN_LENGTH) throw new Error(`pattern length ${m} outside 1..${MAX_PATTERN_LENGTH}`)
  }

  /**
   * The first substring of `text` (by its end) that begins with the pattern's first symbol, ends with its last, and
   * is within `maxSlips` insertions or deletions of it in between; the tightest one ending there.
   */
  find(text: Uint16Array, maxSlips: number): Span | undefined {
    const p = this.symbols
    const m = p.length
    // cost[i]: fewest slips aligning the pattern's first i symbols, the first one matched, with a substring ending
    // at the current text position; from[i]: where that substring starts. Unreachable states cost more than allowed.
    const unreachable = maxSlips + 1
    let cost = new Int32Array(m + 1).fill(unreachable)
    let from = new Int32Array(m + 1)
    let nextCost = new Int32Array(m + 1)
    let nextFrom = new Int32Array(m + 1)
    for (let j = 1; j <= text.length; j++) {
      const symbol = text[j - 1]!
      // The last symbol matched here, after the rest within the allowance: found.
      if (symbol === p[m - 1] && (m === 1 ? true : cost[m - 1]! <= maxSlips)) return { start: m === 1 ? j - 1 : from[m - 1]!, end: j }
      nextCost[0] = unreachable
      for (let i = 1; i < m; i++) {
        // Matched here (a new start for the first symbol), pattern symbol left out, or text symbol put in.
        let c = unreachable
        let f = 0
        if (symbol === p[i - 1]) {
          c = i === 1 ? 0 : cost[i - 1]!
          f = i === 1 ? j - 1 : from[i - 1]!
        }
        // Leaving out the first symbol is not allowed; ties keep the later start (the tighter substring).
        if (i > 1 && (nextCost[i - 1]! + 1 < c || (nextCost[i - 1]! + 1 === c && nextFrom[i - 1]! > f))) {
          c = nextCost[i - 1]! + 1
          f = nextFrom[i - 1]!
        }
        if (cost[i]! + 1 < c || (cost[i]! + 1 === c && from[i]! > f)) {
          c = cost[i]! + 1
          f = from[i]!
        }
        nextCost[i] = Math.min(c, unreachable)
        nextFrom[i] = f
      }
      ;[cost, nextCost] = [nextCost, cost]
      ;[from, nextFrom] = [nextFrom, from]
    }
    return undefined
  }
}
