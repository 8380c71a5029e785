import { describe, expect, it } from 'vitest'
import { decodeUtf8, encodeUtf8 } from '../../services/lib/utf8.js'

/** A fixed pseudo-random sequence (the same bytes on every run). */
function* lcg(seed: number): Generator<number> {
  for (let x = seed; ; ) yield (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32
}

describe('UTF-8 through ICU', () => {
  const decoder = new TextDecoder()

  it('decodes as TextDecoder does: Chinese, astral characters, a byte-order mark, malformed and truncated bytes', () => {
    const cases = [
      '您好，很高兴为您服务😀',
      '\ufeff{"a":1}',
      'a\ufeffb',
      '',
    ].map((s) => Buffer.from(s))
    cases.push(
      ...[[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x41, 0xe4, 0xbd], [0xf4, 0x90, 0x80, 0x80], [0xff, 0x41], [0xe0, 0x80, 0x80], [0xef, 0xbf, 0xbe]].map((b) => Buffer.from(b)),
    )
    const random = lcg(7)
    const bytes = [0x41, 0xc2, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0x80, 0x9f, 0xbf]
    for (let i = 0; i < 5000; i++) cases.push(Buffer.from(Array.from({ length: 1 + Math.floor(random.next().value! * 8) }, () => bytes[Math.floor(random.next().value! * bytes.length)]!)))
    for (const b of cases) expect(decodeUtf8(b), `bytes ${b.toString('hex')}`).toBe(decoder.decode(b))
  })

  it('encodes as Buffer.from does, a lone surrogate included', () => {
    const random = lcg(11)
    const pieces = ['a', '中', '\ud800', '\udc00', '😀', '\u0000', '\uffff', '"', '\\']
    const cases = ['', '您好', 'x\ud83d', '\ude00y']
    for (let i = 0; i < 5000; i++) cases.push(Array.from({ length: Math.floor(random.next().value! * 10) }, () => pieces[Math.floor(random.next().value! * pieces.length)]).join(''))
    for (const s of cases) expect(encodeUtf8(s).equals(Buffer.from(s)), JSON.stringify(s)).toBe(true)
  })
})
