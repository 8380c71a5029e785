import { TRADITIONAL_SIMPLIFIED } from './char-tables.js'

// Character by character, from the same OpenCC table the phrase matcher folds with: recognisers trained on mixed
// data (Whisper) sometimes answer Mandarin in traditional characters; transcripts are simplified Chinese.
const TABLE = new Map<string, string>()
for (let i = 0; i + 1 < TRADITIONAL_SIMPLIFIED.length; i += 2) TABLE.set(TRADITIONAL_SIMPLIFIED[i]!, TRADITIONAL_SIMPLIFIED[i + 1]!)

export function toSimplified(text: string): string {
  let out = ''
  for (const ch of text) out += TABLE.get(ch) ?? ch
  return out
}
