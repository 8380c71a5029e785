import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * Reads a stream to its end into an unlinked temporary file and returns a stream over that file. The embedded store
 * needs the process's stdin empty (see services/lib/clickhouse/client.ts), so `score - --store` takes all of stdin
 * first; disk, not memory, holds it.
 */
export async function spool(input: Readable): Promise<Readable> {
  const dir = mkdtempSync(join(tmpdir(), 'callqa-stdin-'))
  const file = join(dir, 'input.ndjson')
  try {
    await pipeline(input, createWriteStream(file))
    input.destroy()
    const copy = createReadStream(file)
    await new Promise((resolve, reject) => copy.once('open', resolve).once('error', reject))
    return copy
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
