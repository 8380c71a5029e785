import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { z } from 'zod'
import { UserError } from '../errors.js'
import { blankAsUnset, parseEnv } from './env.js'

export interface IngestConfig {
  port: number
  /** The interface ingest listens on: loopback unless a token guards it. */
  host: string
  recordingsDir: string
  token?: string
  maxUploadBytes: number
}

const Env = z.object({
  INGEST_PORT: blankAsUnset(z.coerce.number().int().min(1).max(65535).default(8081)),
  INGEST_HOST: blankAsUnset(z.string().optional()),
  RECORDINGS_DIR: blankAsUnset(z.string().default('./data/recordings')),
  INGEST_TOKEN: blankAsUnset(z.string().min(16, 'at least 16 characters').optional()),
  INGEST_MAX_UPLOAD_MB: blankAsUnset(z.coerce.number().int().min(1).max(10_240).default(512)),
})

/** Only this machine can reach a listener on these. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1') return true
  return isIP(h) === 4 && h.startsWith('127.')
}

/**
 * Anyone who can post to ingest can put calls into the centre's records, so ingest without INGEST_TOKEN only
 * listens on loopback (a recorder on the same machine); with a token it listens on every interface by default.
 */
export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const e = parseEnv(Env, env, 'ingest', ['INGEST_TOKEN'])
  const host = e.INGEST_HOST ?? (e.INGEST_TOKEN === undefined ? '127.0.0.1' : '0.0.0.0')
  if (e.INGEST_TOKEN === undefined && !isLoopback(host)) {
    throw new UserError(`invalid ingest configuration: INGEST_HOST=${host} lets other machines post calls, so INGEST_TOKEN (16+ characters) is required; set it, or leave INGEST_HOST unset to listen on 127.0.0.1 only`)
  }
  return { port: e.INGEST_PORT, host, recordingsDir: resolve(e.RECORDINGS_DIR), token: e.INGEST_TOKEN, maxUploadBytes: e.INGEST_MAX_UPLOAD_MB << 20 }
}
