import type { ClickHouseClient } from '@clickhouse/client'

/*
 * A ClickHouse server is across a network: a connection is reset, a node restarts, a query waits behind a merge.
 * Reads and migrations (idempotent DDL) are tried again with backoff; an insert only when its connection was refused,
 * since one that timed out may have landed (the tables replace a repeated row, the audit log would keep both).
 */

export interface RetryPolicy {
  /** Tries in all, at least 1. */
  attempts: number
  /** The wait before the second try; it doubles each time. */
  firstDelayMs: number
}

// Socket errors, the client's own timeout, and server errors that say "not now" rather than "never": 159 timeout,
// 202 too many simultaneous queries, 209 socket timeout, 210 network error, 242 table read-only (replica restarting),
// 252 too many parts (inserts outpacing merges), 425 system error, 999 Keeper.
const TRANSIENT_SOCKET = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH'])
const TRANSIENT_SERVER = new Set(['159', '202', '209', '210', '242', '252', '425', '999'])

function codeOf(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') return e.code
  }
  return undefined
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && /timeout/i.test(err.message)
}

/** Whether trying again may succeed; `unsent` errors are those where the request never reached the server. */
export function transience(err: unknown): 'unsent' | 'maybe-applied' | 'final' {
  const code = codeOf(err)
  if (code === 'ECONNREFUSED') return 'unsent'
  if ((code !== undefined && (TRANSIENT_SOCKET.has(code) || TRANSIENT_SERVER.has(code))) || isTimeout(err) || (err instanceof Error && err.message === 'socket hang up')) {
    return 'maybe-applied'
  }
  return 'final'
}

async function withRetries<T>(what: string, policy: RetryPolicy, retryOn: ReadonlySet<string>, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (err) {
      if (!retryOn.has(transience(err))) throw err
      if (attempt >= policy.attempts) {
        const reason = err instanceof Error ? err.message : String(err)
        throw new Error(`ClickHouse ${what} failed ${attempt} times, the last with: ${reason}`, { cause: err })
      }
      await new Promise((r) => setTimeout(r, policy.firstDelayMs * 2 ** (attempt - 1)))
    }
  }
}

const ANY = new Set(['unsent', 'maybe-applied'])
const UNSENT = new Set(['unsent'])

/** The client with retries: `query` and `command` on any transient failure, `insert` when the request was never sent. */
export function retrying(client: ClickHouseClient, policy: RetryPolicy): ClickHouseClient {
  return new Proxy(client, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function') return value
      const method = (value as (...args: unknown[]) => Promise<unknown>).bind(target)
      if (key === 'query' || key === 'command') return (...args: unknown[]) => withRetries(key, policy, ANY, () => method(...args))
      // A streamed body (exec with values) is consumed by the first try, so exec is not retried.
      if (key === 'insert') return (...args: unknown[]) => withRetries(key, policy, UNSENT, () => method(...args))
      return method
    },
  })
}
