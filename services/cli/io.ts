import type { Readable, Writable } from 'node:stream'
import type { Messages } from './messages.js'

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  stdin: Readable
  stdout: Writable
  stderr: Writable & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
  messages: Messages
}

/** interrupted: stopped by Ctrl+C (SIGINT) or SIGTERM before the job was done; running it again continues it. */
export const EXIT = { ok: 0, failed: 1, someRejected: 2, interrupted: 130 } as const
