import { parseArgs } from 'node:util'
import { UserError } from '../lib/errors.js'
import type { ScoreFormat } from './score-document.js'
import { EXIT, type CliIo } from './io.js'
import { MESSAGES, pickLang } from './messages.js'

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

export class UsageError extends UserError {}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`)
}

export async function runCli(argv: string[], io: Omit<CliIo, 'messages'>): Promise<number> {
  const [command, ...rest] = argv
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ruleset: { type: 'string' },
      format: { type: 'string' },
      store: { type: 'boolean', default: false },
      month: { type: 'string' },
      call: { type: 'string' },
      calls: { type: 'string' },
      demo: { type: 'boolean', default: false },
      policy: { type: 'string' },
      out: { type: 'string' },
      save: { type: 'boolean', default: false },
      version: { type: 'string' },
      lang: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'from-ruleset': { type: 'string' },
      'to-ruleset': { type: 'string' },
      retranscribe: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const lang = pickLang(values.lang, io.env)
  const ctx: CliIo = { ...io, messages: MESSAGES[lang] }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h' || values.help) {
    ctx.stdout.write(ctx.messages.help)
    return EXIT.ok
  }
  switch (command) {
    case 'score':
      if (positionals.length === 0) throw new UsageError('score needs at least one file, folder or "-" (stdin)')
      // Commands load their modules on demand: `callqa help` should not wait for the scorer or the store.
      return (await import('./commands/score.js')).scoreCommand(
        {
          inputs: positionals,
          ruleset: values.ruleset,
          format: oneOf<ScoreFormat>('format', values.format, ['table', 'json', 'ndjson'], 'table'),
          store: values.store,
          lang,
        },
        ctx,
      )
    case 'report':
      if (values.month !== undefined && !MONTH.test(values.month)) throw new UsageError(`--month must look like 2026-10 (got "${values.month}")`)
      return (await import('./commands/report.js')).reportCommand({ month: values.month, format: oneOf('format', values.format, ['table', 'json'], 'table') }, ctx)
    case 'settle': {
      const { settleCommand, importEventsCommand, SETTLE_FORMATS } = await import('./commands/settle.js')
      if (positionals[0] === 'events') {
        if (positionals[1] !== 'import' || positionals.length !== 3) throw new UsageError('usage: callqa settle events import <file.csv>')
        return importEventsCommand(positionals[2]!, ctx)
      }
      if (positionals.length > 0) throw new UsageError(`settle takes no files (got "${positionals[0]}"); see callqa help`)
      if (values.month === undefined || !MONTH.test(values.month)) throw new UsageError(`settle needs --month like 2026-10 (got "${values.month ?? ''}")`)
      if (values.version !== undefined && !/^[1-9]\d*$/.test(values.version)) throw new UsageError(`--version must be a version number such as 1 (got "${values.version}")`)
      return settleCommand(
        {
          month: values.month,
          policy: values.policy,
          format: oneOf('format', values.format, SETTLE_FORMATS, 'table'),
          out: values.out,
          save: values.save,
          version: values.version === undefined ? undefined : Number(values.version),
          lang,
        },
        ctx,
      )
    }
    case 'transcribe':
      if (positionals.length === 0) throw new UsageError('transcribe needs at least one audio file')
      return (await import('./commands/transcribe.js')).transcribeCommand(
        { files: positionals, call: values.call, format: oneOf('format', values.format, ['json', 'ndjson'], 'json'), ruleset: values.ruleset },
        ctx,
      )
    case 'run':
      if (positionals.length !== 1) throw new UsageError('run needs one folder of recordings')
      return (await import('./commands/run-local.js')).runCommand({ dir: positionals[0]!, calls: values.calls, ruleset: values.ruleset }, ctx)
    case 'rescore': {
      const { rescoreCommand, rescoreDiffCommand } = await import('./commands/rescore.js')
      if (positionals[0] === 'diff') {
        return rescoreDiffCommand(
          {
            fromRuleset: values['from-ruleset'],
            toRuleset: values['to-ruleset'],
            from: values.from,
            to: values.to,
            format: oneOf('format', values.format, ['table', 'json'], 'table'),
          },
          ctx,
        )
      }
      if (positionals.length > 0) throw new UsageError(`rescore takes options only, or "diff" (got "${positionals[0]}")`)
      return rescoreCommand({ from: values.from, to: values.to, ruleset: values.ruleset, retranscribe: values.retranscribe, lang }, ctx)
    }
    case 'serve':
      return (await import('./commands/serve.js')).serveCommand({ demo: values.demo, ruleset: values.ruleset }, ctx)
    case 'setup':
      return (await import('./commands/setup.js')).setupCommand(ctx)
    case 'worker': {
      const { workerCommand, WORKER_ROLES } = await import('./commands/worker.js')
      const role = positionals[0] ?? 'all'
      if (!(WORKER_ROLES as readonly string[]).includes(role)) throw new UsageError(`worker role must be one of ${WORKER_ROLES.join(', ')} (got "${role}")`)
      return workerCommand({ role: role as (typeof WORKER_ROLES)[number], ruleset: values.ruleset }, ctx)
    }
    default:
      ctx.stderr.write(`callqa: ${ctx.messages.unknownCommand(command)}\n`)
      return EXIT.failed
  }
}
