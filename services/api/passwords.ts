import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import type { Said } from '../lib/errors.js'

/*
 * Passwords are kept as scrypt hashes (N=2^15, r=8, p=1: about 100 ms and 32 MiB per check on this kind of machine,
 * which makes guessing expensive), with the parameters in the stored string so they can be raised later.
 *
 * scrypt runs on libuv's thread pool (4 threads), which the embedded ClickHouse and the file system share: a burst
 * of sign-ins must not occupy all of it, or every other request waits. So at most two checks run at once, a bounded
 * number wait, and past that a sign-in is told to come back (PasswordChecksBusy → 503).
 */

const derive = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>
const PARAMS = { N: 2 ** 15, r: 8, p: 1 }
const KEY_BYTES = 32
const AT_ONCE = 2
const WAITING = 32

export class PasswordChecksBusy extends Error {}

let running = 0
const queue: Array<() => void> = []

async function gated<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) {
    if (queue.length >= WAITING) throw new PasswordChecksBusy('too many password checks at once')
    await new Promise<void>((resolve) => queue.push(resolve))
  } else running++
  try {
    return await work()
  } finally {
    // The slot passes straight to the next waiter, so `running` never drops below what is running.
    const next = queue.shift()
    if (next) next()
    else running--
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await gated(() => derive(password, salt, KEY_BYTES, { ...PARAMS, maxmem: 64 << 20 }))
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await gated(() => derive(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 << 20 }))
  return timingSafeEqual(actual, expected)
}

/** A password for someone to use once and change at sign-in: 16 characters from 96 random bits. */
export function oneTimePassword(): string {
  return randomBytes(12).toString('base64url')
}

/** How long a one-time password signs in before an admin must issue a new one. */
export const ONE_TIME_PASSWORD_TTL_MS = 72 * 3600_000

const COMMON = ['password', 'passw0rd', 'qwerty', 'qwertyuiop', 'asdfgh', '123456', '123123', 'abc123', 'a1b2c3', '1qaz2wsx', 'iloveyou', 'woaini', 'admin', 'callqa', '888888', '666666']

/** Why a new password is too weak, or undefined. Length matters most; the rest stops the obvious ones. */
export function passwordProblem(password: string, username: string): Said | undefined {
  const chars = [...password]
  if (chars.length < 12) return { zh: '密码至少 12 个字符', en: 'at least 12 characters' }
  if (new Set(chars).size < 5) return { zh: '密码至少要有 5 个不同的字符', en: 'at least 5 different characters' }
  const lower = password.toLowerCase()
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return { zh: '密码不能包含用户名', en: 'must not contain the username' }
  const bare = lower.replace(/[^\p{L}\p{N}]/gu, '')
  const rest = [...COMMON].sort((a, b) => b.length - a.length).reduce((left, word) => left.replaceAll(word, ''), bare)
  const steps = [...bare].slice(1).filter((c, i) => Math.abs(c.codePointAt(0)! - bare.codePointAt(i)!) <= 1).length
  if (rest.length < 6 || steps > 0.75 * (bare.length - 1)) {
    return { zh: '密码太容易猜（常用词、连续或重复的字符），请换一个', en: 'too easy to guess (a common word, a run or a repeat); choose another' }
  }
  return undefined
}
