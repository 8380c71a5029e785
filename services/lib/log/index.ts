import { pino, type Logger } from 'pino'

export type { Logger }

/** JSON lines on stderr (stdout is for data); LOG_LEVEL sets the level (default info). */
export function createLogger(name: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({ name, level: env.LOG_LEVEL ?? 'info' }, pino.destination(2))
}
