import { pinyin } from 'pinyin-pro'

/*
 * Homophone-tolerant matching compares sounds, not characters: ASR writes 您好 as 你好 or 拟好, 为您服务 as 未您服务.
 * Each character maps to a small integer for its toneless syllable, folded the way fuzzy-pinyin input methods fold
 * the confusions of southern accents and telephone bandwidth (zh/z, ch/c, sh/s, n/l, in/ing, en/eng, an/ang).
 * Characters without a reading (digits, letters) keep their own identity.
 */

const FOLDS: Array<[RegExp, string]> = [
  [/^zh/, 'z'],
  [/^ch/, 'c'],
  [/^sh/, 's'],
  [/^l/, 'n'],
  [/ing$/, 'in'],
  [/eng$/, 'en'],
  [/ang$/, 'an'],
]

function foldSyllable(syllable: string): string {
  let s = syllable.replace(/ü|v/g, 'u')
  for (const [from, to] of FOLDS) s = s.replace(from, to)
  return s
}

const syllableIds = new Map<string, number>()
/** Per code unit: 0 = not looked up yet, otherwise its sound id (below 0x10000: at most one id per character). */
const soundOf = new Uint16Array(0x10000)

function lookUp(code: number): number {
  const ch = String.fromCharCode(code)
  const reading = pinyin(ch, { toneType: 'none', type: 'array' })[0]
  const key = reading && reading !== ch ? foldSyllable(reading) : `=${ch}`
  let id = syllableIds.get(key)
  if (id === undefined) {
    id = syllableIds.size + 1
    syllableIds.set(key, id)
  }
  return id
}

/**
 * The sounds of normalised text as a string of the same length, one code unit per character (a sound id):
 * equal code units mean the characters sound alike, so string tools (Aho–Corasick) work on sounds too.
 */
export function toSounds(normalized: string): string {
  let out = ''
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized.charCodeAt(i)
    let id = soundOf[c]!
    if (id === 0) id = soundOf[c] = lookUp(c)
    out += String.fromCharCode(id)
  }
  return out
}
