import { transcode } from 'node:buffer'

/*
 * Node 20's own UTF-8 conversions take ~10 ns a byte on Chinese text, which re-scoring spends on every call it reads
 * and writes (a tenth of its CPU). ICU's converters, between UTF-8 and the UTF-16 a string holds, take about a fifth
 * of that (decoding) or a half (encoding). Input they refuse (malformed UTF-8, a lone surrogate) is converted the
 * usual way, so the result is always the same.
 */

const decoder = new TextDecoder()
const BOM = [0xef, 0xbb, 0xbf]

/** UTF-8 bytes as text, exactly as TextDecoder decodes them (a leading byte-order mark dropped, malformed bytes as U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length === 0 || BOM.every((b, i) => bytes[i] === b)) return decoder.decode(bytes)
  try {
    return transcode(bytes, 'utf8', 'ucs2').toString('ucs2')
  } catch {
    return decoder.decode(bytes)
  }
}

/** Text as UTF-8 bytes, exactly as Buffer.from(text) encodes it (a lone surrogate as U+FFFD). */
export function encodeUtf8(text: string): Buffer {
  try {
    return transcode(Buffer.from(text, 'ucs2'), 'ucs2', 'utf8')
  } catch {
    return Buffer.from(text)
  }
}
