import { TRADITIONAL_SIMPLIFIED } from './char-tables.js'

/*
 * ASR output and typed rulesets disagree on width (，vs ,  ＡＢＣ vs abc), punctuation, case and script
 * (traditional vs simplified). Every comparison in the scorer happens on text normalised here, one code unit at a
 * time through a 64K lookup table, into code units (a Uint16Array) that the matchers read without building strings.
 */

const DROP = 0
const ASTRAL_KEEP = /^[\p{L}\p{N}]$/u
let table: Uint16Array | undefined

function buildTable(): Uint16Array {
  const t = new Uint16Array(0x10000)
  const keep = /[\p{L}\p{N}]/u
  for (let c = 0; c < 0x10000; c++) {
    t[c] = keep.test(String.fromCharCode(c)) ? c : DROP
  }
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = t[c - 0xfee0]! // full-width ASCII → ASCII
  for (let c = 0x41; c <= 0x5a; c++) t[c] = c + 0x20
  for (let c = 0xff21; c <= 0xff3a; c++) t[c] = c - 0xfee0 + 0x20

  for (let i = 0; i + 1 < TRADITIONAL_SIMPLIFIED.length; i += 2) {
    t[TRADITIONAL_SIMPLIFIED.charCodeAt(i)] = TRADITIONAL_SIMPLIFIED.charCodeAt(i + 1)
  }
  return t
}

let buffer = new Uint16Array(256)

/** Simplified, half-width, lower-case code units, with punctuation, symbols, emoji and spaces removed. */
export function normalizeText(text: string): Uint16Array {
  table ??= buildTable()
  if (buffer.length < text.length) buffer = new Uint16Array(text.length * 2)
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      // Astral characters (rare ideographs of CJK extension B…, emoji) are judged whole: ideographs stay, emoji go.
      const pair = text.slice(i, i + 2)
      i++
      if (ASTRAL_KEEP.test(pair)) {
        buffer[n++] = c
        buffer[n++] = pair.charCodeAt(1)
      }
      continue
    }
    const m = table[c]!
    if (m !== DROP) buffer[n++] = m
  }
  return buffer.slice(0, n)
}

const CLAUSE_SEPARATOR = /[^\p{L}\p{N}]+/u

/**
 * The positions in normalizeText(text) where a clause begins or ends: both ends, and wherever punctuation or space
 * was removed (您好，再见 → 0, 2, 4).
 */
export function clauseBreaks(text: string): Set<number> {
  const breaks = new Set([0])
  let at = 0
  for (const piece of text.split(CLAUSE_SEPARATOR)) {
    if (piece === '') continue
    breaks.add(at)
    at += normalizeText(piece).length
    breaks.add(at)
  }
  return breaks
}
