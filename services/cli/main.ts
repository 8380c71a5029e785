#!/usr/bin/env node
import { RulesetError } from '../lib/rulesets/load.js'
import { EXIT } from './io.js'
import { runCli, UsageError } from './run.js'

const args = process.argv.slice(2)
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() }
try {
  process.exitCode = await runCli(args, io)
} catch (err) {
  // Problems with what the user gave us get one clear line; anything else is a bug and keeps its stack.
  const known = err instanceof RulesetError || err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  process.stderr.write(`callqa: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`)
  process.exitCode = EXIT.failed
}
