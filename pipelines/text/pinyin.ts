import { IDEOGRAPH_RANGES, READINGS, SYLLABLES } from './char-tables.js'

/*
 * Homophone-tolerant matching compares sounds, not characters: telephone ASR writes 喂你好 as 为你好, 您好 as 您号,
 * 有病 as 有冰, 为您服务 as 未您服务. Each character maps to a small integer for its toneless syllable (the same
 * sound), or for that syllable folded the way fuzzy-pinyin input methods fold the confusions of southern accents and
 * telephone bandwidth (zh/z, ch/c, sh/s, n/l, in/ing, en/eng, an/ang: a near sound). Characters without a reading
 * (digits, letters) keep their own identity.
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

/** Sound ids in one numbering for both kinds of key (toneless syllables, and folded ones prefixed with `~`). */
const soundIds = new Map<string, number>()
/** Per code unit: 0 = not looked up yet, otherwise its id (below 0x10000: at most one id per character). */
const foldedOf = new Uint16Array(0x10000)
const syllableOf = new Uint16Array(0x10000)

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

function lookUp(code: number, fold: boolean): number {
  const reading = readingOf(code)
  const key = reading ? (fold ? `~${foldSyllable(reading)}` : reading) : `=${String.fromCharCode(code)}`
  let id = soundIds.get(key)
  if (id === undefined) {
    id = soundIds.size + 1
    soundIds.set(key, id)
  }
  return id
}

function mapCodes(normalized: Uint16Array, cache: Uint16Array, fold: boolean): Uint16Array {
  const out = new Uint16Array(normalized.length)
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized[i]!
    let id = cache[c]!
    if (id === 0) id = cache[c] = lookUp(c, fold)
    out[i] = id
  }
  return out
}

/**
 * Near sounds of normalised code units, one id per code unit: equal ids mean the characters sound alike once the
 * fuzzy-pinyin confusions are folded (诊 = 枕 = 怎).
 */
export function toSounds(normalized: Uint16Array): Uint16Array {
  return mapCodes(normalized, foldedOf, true)
}

/** The same sounds: equal ids mean the same toneless syllable (您好 = 您号, 有病 = 有冰, 再见 = 在见). */
export function toSyllables(normalized: Uint16Array): Uint16Array {
  return mapCodes(normalized, syllableOf, false)
}
