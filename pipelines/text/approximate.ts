/**
 * Approximate search of a short pattern inside a text (Myers' bit-parallel algorithm, 1999): the smallest edit
 * distance between the pattern and any substring of the text, in O(text length) per pattern. Patterns of at most
 * 31 symbols fit one 32-bit word, which is why rulesets cap phrase length.
 */
export const MAX_PATTERN_LENGTH = 31

export class ApproximatePattern {
  /** Bit i set where the pattern's i-th symbol is the index; symbols are small dense ids (see toSounds). */
  private readonly peq: Int32Array
  private readonly high: number
  private readonly all: number

  constructor(readonly symbols: Uint16Array) {
    const m = symbols.length
    if (m === 0 || m > MAX_PATTERN_LENGTH) throw new Error(`pattern length ${m} outside 1..${MAX_PATTERN_LENGTH}`)
    let largest = 0
    for (let i = 0; i < m; i++) largest = Math.max(largest, symbols[i]!)
    this.peq = new Int32Array(largest + 1)
    for (let i = 0; i < m; i++) this.peq[symbols[i]!]! |= 1 << i
    this.high = 1 << (m - 1)
    this.all = m === 31 ? 0x7fffffff : (1 << m) - 1
  }

  /** True when some substring of `text` is within `maxEdits` insertions, deletions or substitutions. */
  occursIn(text: Uint16Array, maxEdits: number): boolean {
    const { peq, high, all } = this
    const known = peq.length
    let pv = all
    let mv = 0
    let score = this.symbols.length
    if (score <= maxEdits) return true
    for (let j = 0; j < text.length; j++) {
      const symbol = text[j]!
      // An explicit bound check: reading past a typed array's end is legal but slows the loop down.
      const eq = symbol < known ? peq[symbol]! : 0
      const xv = eq | mv
      const xh = ((((eq & pv) + pv) & all) ^ pv) | eq
      let ph = mv | (~(xh | pv) & all)
      let mh = pv & xh
      if (ph & high) score++
      else if (mh & high) score--
      // Searching, not aligning whole strings: a match may start anywhere, so no carry enters the low bit.
      ph = (ph << 1) & all
      mh = (mh << 1) & all
      pv = mh | (~(xv | ph) & all)
      mv = ph & xv
      if (score <= maxEdits) return true
    }
    return false
  }
}
