import { closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { silenceStdin } from '../lib/clickhouse/stdin.js'

const CHUNK = 1 << 20

/** Reads file descriptor 0 to its end, waiting out EAGAIN on a non-blocking pipe. */
function readAllOf(fd: number, write: (bytes: Buffer) => void): void {
  const buffer = Buffer.allocUnsafe(CHUNK)
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    let n: number
    try {
      n = readSync(fd, buffer, 0, CHUNK, null)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 5)
        continue
      }
      throw err
    }
    if (n === 0) return
    write(buffer.subarray(0, n))
  }
}

/**
 * Makes way for the embedded store (see services/lib/clickhouse/stdin.ts) before any other thread starts: when the
 * command reads stdin, all of it is copied first into an unlinked temporary file (disk, not memory, holds it), and
 * the copy is returned; then /dev/null takes fd 0. Synchronous on purpose: nothing else may run in between.
 */
export function takeStdinForEmbeddedStore(readIt: boolean): Readable | undefined {
  let copy: Readable | undefined
  if (readIt) {
    const dir = mkdtempSync(join(tmpdir(), 'callqa-stdin-'))
    try {
      const file = join(dir, 'input.ndjson')
      const out = openSync(file, 'w')
      readAllOf(0, (bytes) => writeSync(out, bytes))
      closeSync(out)
      copy = createReadStream('', { fd: openSync(file, 'r') })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  silenceStdin()
  return copy
}
