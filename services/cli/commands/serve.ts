import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildApiApp } from '../../api/app.js'
import { hashPassword, ONE_TIME_PASSWORD_TTL_MS, oneTimePassword } from '../../api/passwords.js'
import { loadApiConfig } from '../../lib/config/api.js'
import { loadStoreConfig, type StoreConfig } from '../../lib/config/store.js'
import { openStore, type Store } from '../../lib/clickhouse/store.js'
import { UserError } from '../../lib/errors.js'
import { EXIT, type CliIo } from '../io.js'
import { loadDemo } from '../demo.js'
import { createLogger } from '../../lib/log/index.js'

/** The QA workspace on the store (embedded chdb by default) until SIGTERM or SIGINT. */
export async function serveCommand(opts: { demo: boolean }, io: CliIo): Promise<number> {
  // Listening for the signals before anything else: one that arrives while the store opens must still close it.
  const stopped = Promise.race([once(process, 'SIGTERM'), once(process, 'SIGINT')])
  const config = loadApiConfig(io.env)
  const storeConfig = loadStoreConfig(io.env)
  const secret = config.secret ?? localSecret(storeConfig)
  const store = await openStore(storeConfig)
  try {
    await ensureAdmin(store, io)
    if (opts.demo) await loadDemo(store, io)
    const app = await buildApiApp({
      store,
      secret,
      recordingsDir: config.recordingsDir,
      sampling: config.sampling,
      settlementPolicy: config.settlementPolicy,
      logger: createLogger('callqa-api', io.env),
      trustProxy: config.trustProxy,
    })
    await app.listen({ port: config.port, host: config.host })
    io.stderr.write(`${io.messages.serving(`http://${config.host}:${config.port}`)}\n`)
    await stopped
    await app.close()
    return EXIT.ok
  } finally {
    await store.close()
  }
}

/** Embedded mode keeps its token secret beside its data; a server deployment must set CALLQA_API_SECRET. */
function localSecret(store: StoreConfig): string {
  if (store.kind !== 'embedded') throw new UserError('set CALLQA_API_SECRET (32+ characters) when the store is a ClickHouse server')
  const path = join(store.dataDir, 'api-secret')
  if (!existsSync(path)) {
    mkdirSync(store.dataDir, { recursive: true, mode: 0o700 })
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' })
  }
  return readFileSync(path, 'utf8').trim()
}

/**
 * The first start creates `admin` with a one-time password, printed once; nothing else ever shows it. It must be
 * changed at the first sign-in; if it expires unused, the next start prints a new one (the only way back in then).
 */
async function ensureAdmin(store: Store, io: CliIo): Promise<void> {
  const existing = await store.findUser('admin')
  const unusedAndExpired = existing?.mustChangePassword && existing.passwordExpiresAt !== null && existing.passwordExpiresAt <= Date.now()
  if (existing && !unusedAndExpired) return
  const password = oneTimePassword()
  const user = {
    username: 'admin',
    displayName: '管理员',
    role: 'admin' as const,
    agentId: null,
    passwordHash: await hashPassword(password),
    disabled: false,
    mustChangePassword: true,
    passwordExpiresAt: Date.now() + ONE_TIME_PASSWORD_TTL_MS,
    sessionsValidFrom: Date.now(),
  }
  await store.saveUser(user)
  await store.appendAudit({ actor: 'system', action: existing ? 'user.password-reset' : 'user.create', target: 'admin', before: null, after: { username: 'admin', role: 'admin', mustChangePassword: true } })
  io.stderr.write(`${io.messages.adminCreated(password)}\n`)
}
