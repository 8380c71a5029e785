#!/usr/bin/env node
import { UserError } from '../lib/errors.js'
import { EXIT } from './io.js'
import { runCli } from './run.js'

const args = process.argv.slice(2)
// process.stdin is created on first use only: the embedded store may need fd 0 untouched (services/cli/spool.ts).
const io = {
  get stdin() {
    return process.stdin
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}
// A reader that has read enough (`… | head -1`) closes our stdout: that ends the command quietly, as it ends any Unix
// filter, instead of an unhandled EPIPE with a stack trace. What was stored so far stays stored (writes are
// idempotent, so running the command again completes it).
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
  process.exit(EXIT.ok)
})
try {
  process.exitCode = await runCli(args, io)
} catch (err) {
  // Problems with what the user gave us get one clear line; anything else is a bug and keeps its stack.
  const known = err instanceof UserError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  process.stderr.write(`callqa: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`)
  process.exitCode = EXIT.failed
}
