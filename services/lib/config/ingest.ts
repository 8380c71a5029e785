import { resolve } from 'node:path'
import { z } from 'zod'
import { UserError } from '../errors.js'

export interface IngestConfig {
  port: number
  recordingsDir: string
  token?: string
  maxUploadBytes: number
}

const Env = z.object({
  INGEST_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
  RECORDINGS_DIR: z.string().min(1).default('./data/recordings'),
  INGEST_TOKEN: z.string().min(16, 'INGEST_TOKEN must be at least 16 characters').optional(),
  INGEST_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(10_240).default(512),
})

export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    throw new UserError(`invalid ingest configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  }
  const e = parsed.data
  return { port: e.INGEST_PORT, recordingsDir: resolve(e.RECORDINGS_DIR), token: e.INGEST_TOKEN, maxUploadBytes: e.INGEST_MAX_UPLOAD_MB << 20 }
}
