/**
 * Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every pattern in one pass over a text,
 * however many patterns a ruleset lists.
 */
export class AhoCorasick {
  private readonly next: Array<Map<number, number>> = [new Map()]
  private readonly fail: number[] = [0]
  /** Pattern ids ending at each state, including those reached through failure links. */
  private readonly out: number[][] = [[]]
  private readonly lengths: number[] = []
  /** The root's transitions as a dense table: most characters of a text start no pattern at all. */
  private readonly fromRoot = new Int32Array(0x10000)

  constructor(patterns: readonly string[]) {
    patterns.forEach((p, id) => {
      if (p.length === 0) throw new Error('empty pattern')
      let s = 0
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i)
        let t = this.next[s]!.get(c)
        if (t === undefined) {
          t = this.next.length
          this.next.push(new Map())
          this.fail.push(0)
          this.out.push([])
          this.next[s]!.set(c, t)
        }
        s = t
      }
      this.out[s]!.push(id)
      this.lengths[id] = p.length
    })
    this.linkFailures()
    for (const [c, t] of this.next[0]!) this.fromRoot[c] = t
  }

  private linkFailures(): void {
    const queue: number[] = [...this.next[0]!.values()]
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!
      for (const [c, t] of this.next[s]!) {
        let f = this.fail[s]!
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!
        const g = this.next[f]!.get(c)
        this.fail[t] = g !== undefined && g !== t ? g : 0
        this.out[t]!.push(...this.out[this.fail[t]!]!)
        queue.push(t)
      }
    }
  }

  /** Calls `onMatch(patternId, start, end)` for every occurrence, `end` exclusive. */
  search(text: string, onMatch: (patternId: number, start: number, end: number) => void): void {
    let s = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      let t = s === 0 ? undefined : this.next[s]!.get(c)
      while (t === undefined && s !== 0) {
        s = this.fail[s]!
        t = s === 0 ? undefined : this.next[s]!.get(c)
      }
      s = t ?? this.fromRoot[c]!
      const out = this.out[s]!
      for (let k = 0; k < out.length; k++) onMatch(out[k]!, i + 1 - this.lengths[out[k]!]!, i + 1)
    }
  }
}
