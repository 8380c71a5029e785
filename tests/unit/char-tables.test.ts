import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
// @ts-expect-error a plain .mjs build script without type declarations
import { generateCharTables } from '../../scripts/text-tables.mjs'

it('the committed character tables are exactly what scripts/text-tables.mjs generates', () => {
  const committed = readFileSync('pipelines/text/char-tables.ts', 'utf8')
  expect((generateCharTables as () => string)() === committed, 'run: node scripts/text-tables.mjs').toBe(true)
})
