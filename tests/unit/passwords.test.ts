import { describe, expect, it } from 'vitest'
import { hashPassword, PasswordChecksBusy, passwordProblem, verifyPassword } from '../../services/api/passwords.js'

describe('password checks', () => {
  it('run two at a time, let a bounded number wait, and turn the rest away at once', async () => {
    const hash = await hashPassword('correct horse battery staple')
    const outcomes = await Promise.allSettled(Array.from({ length: 64 }, () => verifyPassword('a wrong guess here', hash)))
    expect(outcomes.filter((o) => o.status === 'fulfilled' && o.value === false)).toHaveLength(2 + 32)
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')
    expect(refused).toHaveLength(30)
    for (const o of refused) expect(o.reason).toBeInstanceOf(PasswordChecksBusy)
    // Once the burst has passed, checks run again.
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true)
  }, 60_000)

  it('refuse the obvious new passwords and take long, varied ones', () => {
    const problem = (p: string) => passwordProblem(p, 'li.si')?.en
    expect(problem('a'.repeat(12))).toBe('at least 5 different characters')
    expect(problem('short1!')).toBe('at least 12 characters')
    expect(problem('Li.Si.is.my.name')).toBe('must not contain the username')
    for (const p of ['password1234', 'Password!2026', '123456789012', 'abcdefghijklm', 'qwertyuiop12', 'woaini520woaini', 'admin-callqa-88']) expect(problem(p), p).toMatch(/too easy to guess/)
    for (const p of ['correct horse battery staple', 'Tr0ub4dor&3xyz', '坐席质检每月核对两次好吗', 'a fresh pass phrase 42']) expect(problem(p), p).toBeUndefined()
  })
})
