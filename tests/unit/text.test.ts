import { describe, expect, it } from 'vitest'
import { AhoCorasick } from '../../pipelines/text/aho-corasick.js'
import { SlipPattern, MAX_PATTERN_LENGTH } from '../../pipelines/text/approximate.js'
import { normalizeText } from '../../pipelines/text/normalize.js'
import { toSounds } from '../../pipelines/text/pinyin.js'

/** Code units of a string, as the matchers read text. */
const codes = (s: string) => Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))
const str = (u: Uint16Array) => String.fromCharCode(...u)
const norm = (s: string) => str(normalizeText(s))

/** A small deterministic PRNG (mulberry32) so the randomised cross-checks are reproducible. */
function random(seed: number): (n: number) => number {
  let a = seed
  return (n) => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

function randomString(next: (n: number) => number, alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[next(alphabet.length)]).join('')
}

describe('normalizeText', () => {
  it('folds full-width letters and digits to half-width lower case', () => {
    expect(norm('ＡＢＣａｂｃ１２３')).toBe('abcabc123')
  })

  it('lower-cases ASCII', () => {
    expect(norm('VIP Hotline 400')).toBe('viphotline400')
  })

  it('drops Chinese and ASCII punctuation, symbols and spaces', () => {
    expect(norm('您好，请问？“订单”（编号：A-12）！…… 。、·')).toBe('您好请问订单编号a12')
    expect(norm('Hello, World! (ok) ~ #1')).toBe('helloworldok1')
    expect(norm('　ｘ　')).toBe('x') // ideographic space and full-width letter
  })

  it('converts traditional characters to simplified, one character at a time', () => {
    expect(norm('您好，很高興為您服務')).toBe('您好很高兴为您服务')
    expect(norm('感謝您的來電，再見')).toBe('感谢您的来电再见')
    expect(norm('這是規定')).toBe('这是规定')
  })

  it('keeps the length of phrases: every kept character maps to exactly one character', () => {
    const traditional = '請問還有其他可以幫您的嗎'
    expect(norm(traditional)).toBe('请问还有其他可以帮您的吗')
    expect(norm(traditional)).toHaveLength(traditional.length)
  })

  it('leaves normalised simplified text unchanged', () => {
    const text = '跟您确认一下您的订单号是123456对吗'
    expect(norm(text)).toBe(text.toLowerCase())
    expect(norm(norm('很高興為您服務！'))).toBe(norm('很高興為您服務！'))
  })

  it('handles an utterance of the contract’s maximum length (100 000 characters)', () => {
    const text = '很高興為您服務'.repeat(14_286).slice(0, 100_000)
    const simplified = norm(text)
    expect(simplified).toHaveLength(100_000)
    expect(simplified.slice(0, 14)).toBe('很高兴为您服务很高兴为您服务')
  })

  it('returns an empty string for punctuation only', () => {
    expect(norm('，。！？……')).toBe('')
    expect(norm('')).toBe('')
  })
})

describe('AhoCorasick', () => {
  function matches(patterns: string[], text: string): Array<[string, number, number]> {
    const found: Array<[string, number, number]> = []
    new AhoCorasick(patterns.map(codes)).search(codes(text), (id, start, end) => found.push([patterns[id]!, start, end]))
    return found.sort((a, b) => a[1] - b[1] || a[2] - b[2] || a[0].localeCompare(b[0]))
  }

  function naive(patterns: string[], text: string): Array<[string, number, number]> {
    const found: Array<[string, number, number]> = []
    patterns.forEach((p) => {
      for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) found.push([p, i, i + p.length])
    })
    return found.sort((a, b) => a[1] - b[1] || a[2] - b[2] || a[0].localeCompare(b[0]))
  }

  it('finds he / she / his / hers with shared prefixes and suffixes (the textbook case)', () => {
    expect(matches(['he', 'she', 'his', 'hers'], 'ushers')).toEqual([
      ['she', 1, 4],
      ['he', 2, 4],
      ['hers', 2, 6],
    ])
  })

  it('finds overlapping occurrences of one pattern', () => {
    expect(matches(['aa'], 'aaaa')).toEqual([
      ['aa', 0, 2],
      ['aa', 1, 3],
      ['aa', 2, 4],
    ])
  })

  it('finds patterns that are prefixes of each other', () => {
    expect(matches(['ab', 'abc', 'abcd'], 'xabcd')).toEqual([
      ['ab', 1, 3],
      ['abc', 1, 4],
      ['abcd', 1, 5],
    ])
  })

  it('finds a shorter pattern through the failure link when a longer one breaks off', () => {
    expect(matches(['abcd', 'bc'], 'abce')).toEqual([['bc', 1, 3]])
  })

  it('finds Chinese phrases nested in each other', () => {
    expect(matches(['不知道', '知道', '不知道您'], '我不知道您说的')).toEqual([
      ['不知道', 1, 4],
      ['不知道您', 1, 5],
      ['知道', 2, 4],
    ])
  })

  it('reports nothing when no pattern occurs', () => {
    expect(matches(['he', 'she', 'his', 'hers'], 'xyz')).toEqual([])
    expect(matches(['滚'], '')).toEqual([])
  })

  it('rejects an empty pattern', () => {
    expect(() => new AhoCorasick(['ok', ''].map(codes))).toThrow(/empty pattern/)
  })

  it('agrees with a naive search on random texts over a small alphabet', () => {
    const next = random(42)
    for (let round = 0; round < 300; round++) {
      const patterns = [...new Set(Array.from({ length: 1 + next(6) }, () => randomString(next, 'abc', 1 + next(4))))]
      const text = randomString(next, 'abc', next(40))
      expect(matches(patterns, text), `${JSON.stringify(patterns)} in ${text}`).toEqual(naive(patterns, text))
    }
  })
})

describe('SlipPattern', () => {
  // Symbols are code units: in the scorer, the sound ids toSounds writes.
  const symbols = codes
  const pattern = (s: string) => new SlipPattern(codes(s))
  const found = (p: string, t: string, slips: number) => {
    const span = pattern(p).find(symbols(t), slips)
    return span && t.slice(span.start, span.end)
  }
  /** Fewest insertions and deletions turning `a` into `b` (a replaced symbol costs two). */
  function indels(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j)
    for (let i = 1; i <= a.length; i++) {
      const next = [i]
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, a[i - 1] === b[j - 1] ? row[j - 1]! : Infinity)
      row = next
    }
    return row[b.length]!
  }
  /** By the definition: a substring that begins with the first symbol, ends with the last, and is close in between. */
  function occurs(p: string, t: string, max: number): boolean {
    for (let s = 0; s < t.length; s++) {
      for (let e = s + 1; e <= t.length; e++) {
        const sub = t.slice(s, e)
        if (p.length === 1 ? sub === p : sub.length >= 2 && sub[0] === p[0] && sub.at(-1) === p.at(-1) && indels(p.slice(1, -1), sub.slice(1, -1)) <= max) return true
      }
    }
    return false
  }

  it('finds an exact occurrence with no slips allowed, and where it is', () => {
    expect(pattern('abcdefgh').find(symbols('xxabcdefghxx'), 0)).toEqual({ start: 2, end: 10 })
  })

  it('finds an occurrence with a symbol put in or left out only when a slip is allowed', () => {
    expect(found('abcdefgh', 'abcdXefgh', 0)).toBeUndefined()
    expect(found('abcdefgh', 'xxabcdXefghxx', 1)).toBe('abcdXefgh')
    expect(found('abcdefgh', 'abcefgh', 0)).toBeUndefined()
    expect(found('abcdefgh', 'xxabcefghxx', 1)).toBe('abcefgh')
  })

  it('counts a replaced symbol as two slips: another word in the middle is not a slip', () => {
    expect(found('abcdefgh', 'abcdXfgh', 1)).toBeUndefined()
    expect(found('abcdefgh', 'abcdXfgh', 2)).toBe('abcdXfgh')
  })

  it('wants the first and the last symbol as they are', () => {
    expect(found('abcdefgh', 'bcdefgh', 3)).toBeUndefined()
    expect(found('abcdefgh', 'abcdefg', 3)).toBeUndefined()
    expect(found('abcdefgh', 'Xbcdefgh', 3)).toBeUndefined()
  })

  it('handles a pattern of 31 symbols and refuses empty or longer ones', () => {
    const long = 'abcdefghijklmnopqrstuvwxyzABCDE'
    expect(long).toHaveLength(MAX_PATTERN_LENGTH)
    expect(found(long, `__${long}__`, 0)).toBe(long)
    expect(found(long, long.replace('m', ''), 1)).toBe(long.replace('m', ''))
    expect(() => pattern('')).toThrow(/outside 1\.\.31/)
    expect(() => pattern('x'.repeat(32))).toThrow(/pattern length 32/)
  })

  it('agrees with the definition on random inputs', () => {
    const next = random(7)
    for (let round = 0; round < 1000; round++) {
      const p = randomString(next, 'abcd', 1 + next(8))
      const t = randomString(next, 'abcd', next(20))
      const max = next(4)
      const span = pattern(p).find(symbols(t), max)
      expect(span !== undefined, `${p} in ${t} within ${max}`).toBe(occurs(p, t, max))
      if (span) expect(occurs(p, t.slice(span.start, span.end), max), `${p} at ${span.start}–${span.end} of ${t}`).toBe(true)
    }
  })
})

describe('toSounds', () => {
  const sounds = (s: string) => str(toSounds(normalizeText(s)))
  const sameSound = (a: string, b: string) => sounds(a) === sounds(b)

  it('gives one sound per character', () => {
    expect(sounds('很高兴为您服务')).toHaveLength(7)
    expect(sounds('')).toHaveLength(0)
  })

  it('makes homophones equal, ignoring tones', () => {
    expect(sameSound('为', '未')).toBe(true) // 为您服务 / 未您服务
    expect(sameSound('很高兴为您服务', '很高兴未您服务')).toBe(true)
    expect(sameSound('你', '拟')).toBe(true) // 你好 / 拟好
    expect(sameSound('好', '号')).toBe(true)
    expect(sameSound('再见', '再件')).toBe(true)
  })

  it('keeps 您 (nin) apart from 你 / 拟 (ni)', () => {
    expect(sameSound('您', '你')).toBe(false)
    expect(sameSound('您', '拟')).toBe(false)
  })

  it('folds the fuzzy-pinyin confusions zh/z, ch/c, sh/s, n/l, in/ing, en/eng, an/ang', () => {
    expect(sameSound('知', '资')).toBe(true) // zhi / zi
    expect(sameSound('吃', '词')).toBe(true) // chi / ci
    expect(sameSound('是', '四')).toBe(true) // shi / si
    expect(sameSound('南', '蓝')).toBe(true) // nan / lan
    expect(sameSound('您', '林')).toBe(true) // nin / lin
    expect(sameSound('心', '星')).toBe(true) // xin / xing
    expect(sameSound('陈', '城')).toBe(true) // chen / cheng
    expect(sameSound('长', '藏')).toBe(true) // chang / cang
  })

  it('keeps different sounds apart', () => {
    expect(sameSound('湖', '福')).toBe(false) // hu / fu are not folded
    expect(sameSound('感谢', '再见')).toBe(false)
    expect(sameSound('a', 'b')).toBe(false)
  })

  it('gives characters without a reading their own identity', () => {
    expect(sameSound('1', '1')).toBe(true)
    expect(sameSound('1', '2')).toBe(false)
    expect(sameSound('a', '阿')).toBe(false)
  })
})
