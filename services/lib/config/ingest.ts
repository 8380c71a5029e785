import { resolve } from 'node:path'
import { z } from 'zod'
import { blankAsUnset, parseEnv } from './env.js'

export interface IngestConfig {
  port: number
  recordingsDir: string
  token?: string
  maxUploadBytes: number
}

const Env = z.object({
  INGEST_PORT: blankAsUnset(z.coerce.number().int().min(1).max(65535).default(8081)),
  RECORDINGS_DIR: blankAsUnset(z.string().default('./data/recordings')),
  INGEST_TOKEN: blankAsUnset(z.string().min(16, 'at least 16 characters').optional()),
  INGEST_MAX_UPLOAD_MB: blankAsUnset(z.coerce.number().int().min(1).max(10_240).default(512)),
})

export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const e = parseEnv(Env, env, 'ingest', ['INGEST_TOKEN'])
  return { port: e.INGEST_PORT, recordingsDir: resolve(e.RECORDINGS_DIR), token: e.INGEST_TOKEN, maxUploadBytes: e.INGEST_MAX_UPLOAD_MB << 20 }
}
