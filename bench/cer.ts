/*
 * Character error rate as Mandarin ASR is usually scored: punctuation and spaces removed, traditional folded to
 * simplified, and numbers written in digits read out in characters (references spell 26 as 二十六).
 */
import { toSimplified } from '../pipelines/text/simplified.js'

const DIGITS = '零一二三四五六七八九'

/** Reads an integer under 10,000 the way it is said (26 → 二十六); longer digit strings digit by digit. */
export function readNumber(digits: string): string {
  const n = Number(digits)
  if (digits.length > 4 || digits.startsWith('0')) return [...digits].map((d) => DIGITS[Number(d)]).join('')
  if (n === 0) return '零'
  const units = ['', '十', '百', '千']
  let out = ''
  let zero = false
  const parts = [...String(n)].map(Number)
  parts.forEach((d, i) => {
    const unit = units[parts.length - 1 - i]!
    if (d === 0) zero = out !== ''
    else {
      if (zero) out += '零'
      zero = false
      out += (d === 1 && unit === '十' && out === '' ? '' : DIGITS[d]) + unit
    }
  })
  return out
}

export function normalizeForCer(text: string): string {
  return toSimplified(text)
    .replace(/\d+/g, readNumber)
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase()
}

export function editDistance(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let row = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const next = [i]
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1))
    row = next
  }
  return row[y.length]!
}
