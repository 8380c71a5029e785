import { IDEOGRAPH_RANGES, READINGS, SYLLABLES } from './char-tables.js'

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

const readings = (() => {
  const bytes = Buffer.from(READINGS, 'base64')
  return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2)
})()

/** The toneless pinyin of an ideograph, from the generated tables (scripts/text-tables.mjs). */
function readingOf(code: number): string | undefined {
  let offset = 0
  for (const [from, to] of IDEOGRAPH_RANGES) {
    if (code >= from && code <= to) {
      const syllable = readings[offset + code - from]!
      return syllable === 0 ? undefined : SYLLABLES[syllable - 1]
    }
    offset += to - from + 1
  }
  return undefined
}

function lookUp(code: number): number {
  const reading = readingOf(code)
  const key = reading ? foldSyllable(reading) : `=${String.fromCharCode(code)}`
  let id = syllableIds.get(key)
  if (id === undefined) {
    id = syllableIds.size + 1
    syllableIds.set(key, id)
  }
  return id
}

/** The sounds of normalised code units, one sound id per code unit: equal ids mean the characters sound alike. */
export function toSounds(normalized: Uint16Array): Uint16Array {
  const out = new Uint16Array(normalized.length)
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized[i]!
    let id = soundOf[c]!
    if (id === 0) id = soundOf[c] = lookUp(c)
    out[i] = id
  }
  return out
}
