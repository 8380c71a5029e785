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
try {
  process.exitCode = await runCli(args, io)
} catch (err) {
  // Problems with what the user gave us get one clear line; anything else is a bug and keeps its stack.
  const known = err instanceof UserError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  process.stderr.write(`callqa: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`)
  process.exitCode = EXIT.failed
}
