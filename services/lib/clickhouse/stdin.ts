import { closeSync, fstatSync, openSync, statSync } from 'node:fs'

/**
 * chdb runs clickhouse-local inside this process, and clickhouse-local takes whatever waits on file descriptor 0 as
 * data for the next INSERT (then refuses the insert: "both inlined and external data"), so before the embedded store
 * opens, fd 0 must be /dev/null. Replacing it is a close and an open, so it must happen while no other thread opens
 * files (the freed number would go to them) and while Node holds no stream on fd 0: at start-up, before worker
 * threads, and before anything reads `process.stdin`.
 */
export function silenceStdin(): void {
  const devNull = statSync('/dev/null')
  try {
    const stdin = fstatSync(0)
    if (stdin.dev === devNull.dev && stdin.ino === devNull.ino) return
    closeSync(0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EBADF') throw err
  }
  const fd = openSync('/dev/null', 'r')
  if (fd !== 0) throw new Error(`could not put /dev/null on stdin for embedded ClickHouse (got fd ${fd})`)
}
