/**
 * Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every pattern in one pass over a text,
 * however many patterns a ruleset lists. It is compiled into a dense DFA over the patterns' own alphabet (every
 * other character is one symbol), so each character of a text costs one table lookup.
 */
export class AhoCorasick {
  /** Code unit → alphabet symbol; 0 for characters that occur in no pattern. */
  private readonly symbolOf = new Uint16Array(0x10000)
  private readonly width: number
  /** delta[state * width + symbol] = next state. */
  private readonly delta: Int32Array
  /** Pattern ids ending at each state (through failure links too): outIds[outStart[s] … outStart[s + 1]). */
  private readonly outStart: Int32Array
  private readonly outIds: Int32Array
  private readonly lengths: Int32Array

  constructor(patterns: ReadonlyArray<ArrayLike<number>>) {
    let symbols = 1
    for (const p of patterns) for (let i = 0; i < p.length; i++) if (this.symbolOf[p[i]!] === 0) this.symbolOf[p[i]!] = symbols++
    this.width = symbols
    this.lengths = Int32Array.from(patterns, (p) => p.length)

    // The trie, as sparse transitions, with the patterns ending at each node.
    const next: Array<Map<number, number>> = [new Map()]
    const ends: number[][] = [[]]
    patterns.forEach((p, id) => {
      if (p.length === 0) throw new Error('empty pattern')
      let s = 0
      for (let i = 0; i < p.length; i++) {
        const a = this.symbolOf[p[i]!]!
        let t = next[s]!.get(a)
        if (t === undefined) {
          t = next.length
          next.push(new Map())
          ends.push([])
          next[s]!.set(a, t)
        }
        s = t
      }
      ends[s]!.push(id)
    })

    // Breadth first, each state's missing transitions are those of its failure state, which is already complete.
    const states = next.length
    this.delta = new Int32Array(states * this.width)
    const fail = new Int32Array(states)
    const out: number[][] = ends.map((e) => [...e])
    const queue: number[] = []
    for (const [a, t] of next[0]!) {
      this.delta[a] = t
      queue.push(t)
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!
      out[s]!.push(...out[fail[s]!]!)
      this.delta.copyWithin(s * this.width, fail[s]! * this.width, (fail[s]! + 1) * this.width)
      for (const [a, t] of next[s]!) {
        fail[t] = this.delta[fail[s]! * this.width + a]!
        this.delta[s * this.width + a] = t
        queue.push(t)
      }
    }
    this.outStart = new Int32Array(states + 1)
    out.forEach((ids, s) => (this.outStart[s + 1] = this.outStart[s]! + ids.length))
    this.outIds = Int32Array.from(out.flat())
  }

  /** Calls `onMatch(patternId, start, end)` for every occurrence, `end` exclusive. */
  search(text: ArrayLike<number>, onMatch: (patternId: number, start: number, end: number) => void): void {
    const { symbolOf, delta, width, outStart, outIds, lengths } = this
    let s = 0
    for (let i = 0; i < text.length; i++) {
      s = delta[s * width + symbolOf[text[i]!]!]!
      for (let k = outStart[s]!, end = outStart[s + 1]!; k < end; k++) {
        const id = outIds[k]!
        onMatch(id, i + 1 - lengths[id]!, i + 1)
      }
    }
  }
}
