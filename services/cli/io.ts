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

export const EXIT = { ok: 0, failed: 1, someRejected: 2 } as const
