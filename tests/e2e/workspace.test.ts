import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { buildApiApp } from '../../services/api/app.js'
import { hashPassword } from '../../services/api/passwords.js'
import { demoCalls } from '../../services/cli/demo-calls.js'
import { openStore, type Store } from '../../services/lib/clickhouse/store.js'
import { loadRuleset } from '../../services/lib/rulesets/load.js'
import { toneWav } from '../helpers/wav.js'
import { ensureChromium } from './chromium.js'

/*
 * The workspace in a real headless Chromium against a real server and embedded store: an inspector reviews a call
 * with the keyboard, the agent sees each verdict and appeals, another supervisor upholds the appeal and the points
 * come back; a supervisor signs the month over its warnings with a reason; an admin creates an account whose
 * one-time password must be changed first and then disables it; the queue refreshes after assigning and opens the
 * next call; an inspector adds what the machine missed; an agent reads their calls on a phone. No page may break
 * the Content-Security-Policy. Screenshots go to test-results/. The calls are of fixed months and the server's
 * clock is set to 00:20 on the 1st of the month after (Beijing time), whatever today is: the pages must open on the
 * month with the calls.
 */

const PASSWORD = 'correct horse battery staple'
/** How long a poll waits for the server, as long as Playwright's own waits: password checks are slow on purpose. */
const PATIENCE = { timeout: 30_000 }
const SHOTS = join(process.cwd(), 'test-results')
let store: Store
let app: FastifyInstance
let browser: Browser
let base: string
let target: string
let fatalCall: string
/** Content-Security-Policy violations any page reported: there must be none. */
const refused: string[] = []
/** The server's clock: minutes into December in Beijing, the calls in October and November. */
const NOW = Date.parse('2026-12-01T00:20:00+08:00')

beforeAll(async () => {
  const executablePath = await ensureChromium()
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'callqa-e2e-')) })
  const recordingsDir = mkdtempSync(join(tmpdir(), 'callqa-e2e-rec-'))
  const scorer = compileRuleset(loadRuleset())
  const calls = demoCalls(60, Date.parse('2026-11-29T12:00:00+08:00'), 7)
  // The agent's first call that fails more than one rule is the one the story follows; it gets a recording.
  const scored = calls.map((transcript) => ({ transcript, scorecard: scoreTranscript(scorer, transcript, new Date(NOW).toISOString()) }))
  const story = scored.find((s) => s.transcript.agentId === 'A1001' && !s.scorecard.fatal && s.scorecard.results.filter((r) => r.outcome === 'fail').length >= 2)!
  target = story.transcript.callId
  writeFileSync(join(recordingsDir, `${target}.wav`), toneWav(story.transcript.durationSeconds))
  story.transcript = { ...story.transcript, recording: { uri: pathToFileURL(join(recordingsDir, `${target}.wav`)).href, channels: { agent: 0, customer: 1 } } }
  // One November call said something fatal and nobody has reviewed it: signing the month must say so.
  const fatal = scored.find((s) => s.transcript.startedAt.startsWith('2026-11') && s.transcript.agentId !== 'A1001')!
  fatalCall = fatal.transcript.callId
  fatal.scorecard = { ...fatal.scorecard, score: 0, fatal: true, results: fatal.scorecard.results.map((r) => (r.ruleId === 'forbidden-phrase' ? { ...r, outcome: 'fail' as const, deduction: 20, severity: 'fatal' as const, evidence: [{ note: '服务忌语：闭嘴' }] } : r)) }
  await store.saveScored(scored)
  const hash = await hashPassword(PASSWORD)
  for (const [username, role, agentId] of [
    ['insp', 'inspector', null],
    ['sup2', 'supervisor', null],
    ['zhangsan', 'agent', 'A1001'],
    ['admin1', 'admin', null],
  ] as const) {
    await store.saveUser({ username, displayName: username, role, agentId, passwordHash: hash, disabled: false })
  }
  app = await buildApiApp({ store, secret: 'e2e-secret-0123456789-0123456789-abcdef', recordingsDir, sampling: { perAgentWeek: 1, seed: 1 }, now: () => NOW })
  base = await app.listen({ port: 0, host: '127.0.0.1' })
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] })
  mkdirSync(SHOTS, { recursive: true })
}, 600_000)

afterAll(async () => {
  expect(refused).toEqual([])
  await browser?.close()
  await app?.close()
  await store?.close()
})

/** A fresh browser tab whose clock reads this process's (scripts/test-clock.mjs may have moved it). */
async function newPage(viewport = { width: 1400, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  await context.clock.install({ time: Date.now() })
  // Every page of the context, print windows included, must keep to the Content-Security-Policy.
  context.on('page', (opened) =>
    opened.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) refused.push(`${opened.url()}: ${m.text()}`)
    }),
  )
  const page = await context.newPage()
  page.on('pageerror', (err) => {
    throw err
  })
  return page
}

async function signIn(username: string, viewport?: { width: number; height: number }, password = PASSWORD): Promise<Page> {
  const page = await newPage(viewport)
  await page.goto(`${base}/#/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('button[type=submit]')
  await page.waitForSelector('#signout')
  return page
}

/** Whether the page is wider than its window (a phone would have to scroll sideways). */
const overflows = (page: Page) => page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1')
const hashOf = (page: Page) => page.evaluate('location.hash')

describe('the QA workspace in Chromium', () => {
  it('refuses a wrong password in Chinese', async () => {
    const page = await newPage()
    await page.goto(`${base}/`)
    await page.fill('input[name=username]', 'insp')
    await page.fill('input[name=password]', 'wrong password')
    await page.click('button[type=submit]')
    await expect.poll(() => page.textContent('.error'), PATIENCE).toBe('用户名或密码错误')
  })

  it('an inspector reviews a call with the keyboard, the agent appeals, another supervisor upholds it', async () => {
    const inspector = await signIn('insp')
    await inspector.waitForSelector('table.queue tbody tr')
    expect(await inspector.textContent('h1')).toContain('质检队列')
    await inspector.click(`tr[data-call-id="${target}"]`)
    await inspector.waitForSelector('.results .result')
    expect(await inspector.locator('audio').count()).toBe(1)
    const failed = await inspector.locator('.result.fail').count()
    expect(failed).toBeGreaterThanOrEqual(2)
    // j moves to the next failed rule, c confirms it; the first one is overturned with a reason.
    await inspector.keyboard.press('j')
    await inspector.keyboard.press('o')
    await inspector.keyboard.type('录音中坐席已说明')
    await inspector.locator('.result.fail').first().focus()
    for (let i = 1; i < failed; i++) {
      await inspector.keyboard.press('j')
      await inspector.keyboard.press('c')
    }
    await inspector.keyboard.press('s')
    await inspector.waitForSelector('.review-of-record')
    // Reviewed at the server's clock, 00:20 on 1 December in Beijing (16:20 on 30 November in UTC).
    expect(await inspector.textContent('.review-of-record')).toContain('insp 于 2026-12-01 00:20 复核')
    await inspector.screenshot({ path: join(SHOTS, 'call-page.png'), fullPage: true })
    expect(statSync(join(SHOTS, 'call-page.png')).size).toBeGreaterThan(20_000)

    const agent = await signIn('zhangsan')
    expect(await agent.textContent('h1')).toContain('我的通话')
    await agent.goto(`${base}/#/call/${target}`)
    await agent.waitForSelector('.appeal-form')
    // The agent sees what the review made of each rule: the first one overturned, the others confirmed.
    const standings = await agent.locator('.result.fail .standing').allTextContents()
    expect(standings[0]).toContain('复核推翻，不扣分')
    expect(standings.slice(1).every((text) => text.includes('复核确认'))).toBe(true)
    const scoreBefore = Number((await agent.textContent('.now-score'))!.replace(/\D+/, ''))
    const appealed = await agent.locator('.appeal-form select option').first().getAttribute('value')
    await agent.fill('.appeal-form textarea', '客户当时要求先挂断，我按流程确认了两次。')
    await agent.click('.appeal-form button[type=submit]')
    await agent.waitForSelector('.appeal.open')

    const supervisor = await signIn('sup2')
    await supervisor.goto(`${base}/#/appeals`)
    await supervisor.click(`text=${target}`)
    await supervisor.waitForSelector('.appeal.open .decide')
    // Deciding, the supervisor reads what the inspector decided on that rule.
    expect(await supervisor.textContent('.appeal.open .judged')).toContain('insp 的复核意见：复核确认')
    await supervisor.fill('.appeal.open .decide input', '复听录音，申诉成立')
    await supervisor.click('.appeal.open .decide button:first-of-type')
    await supervisor.waitForSelector('.appeal.upheld')
    expect(await supervisor.textContent('.history')).toContain('裁决申诉')

    await agent.reload()
    await agent.waitForSelector('.appeal.upheld')
    // The points come back, and the call page says why.
    expect(await agent.textContent(`.result[data-rule="${appealed}"] .standing`)).toContain('申诉成立，不扣分')
    expect(await agent.textContent('.badge.status-appealed')).toBe('申诉已裁决')
    expect(Number((await agent.textContent('.now-score'))!.replace(/\D+/, ''))).toBeGreaterThan(scoreBefore)
  })

  it('a supervisor reads the dashboards and signs off the month', async () => {
    const page = await signIn('sup2')
    // On the 1st the dashboards open on last month, and say so.
    await page.click('nav >> text=报表')
    await page.waitForSelector('.month-note')
    expect(await page.textContent('h1')).toContain('2026-11')
    expect(await page.textContent('.month-note')).toContain('本月（2026-12）还没有通话')
    // Every panel ends drawn, or saying it has nothing to draw; none fails.
    await expect.poll(() => page.locator('.charts section:has(canvas), .charts section:has(.empty)').count(), { timeout: 60_000 }).toBe(10)
    expect(await page.locator('.charts .error').count()).toBe(0)
    expect(await page.locator('[data-panel="violation-pareto"] canvas').count()).toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'dashboards.png'), fullPage: true })

    // The settlement opens on the same month.
    await page.click('nav >> text=月度结算')
    await page.waitForSelector('.month-note')
    expect(await page.textContent('h1')).toContain('2026-11')
    await page.click('#draft')
    await page.waitForSelector('#sign')
    // The fatal call nobody reviewed is on the draft, linked; signing asks why it is right to sign anyway.
    expect(await page.textContent('.warnings')).toContain('1 通机评致命的通话尚未复核')
    expect(await page.locator(`.warnings a[href="#/call/${fatalCall}"]`).count()).toBe(1)
    await page.click('#sign')
    await page.waitForSelector('dialog#override[open]')
    const reason = '致命通话已由主管电话核实，复核单下月补录'
    await page.fill('dialog#override textarea', reason)
    await page.click('#override-sign')
    await page.waitForSelector('.badge.pass')
    expect(await page.locator('#sign').count()).toBe(0)
    expect(await page.textContent('.override-note')).toContain(reason)
    await page.screenshot({ path: join(SHOTS, 'settlement.png'), fullPage: true })
    // The printable page opens from a blob under the same policy: its one inline style is admitted by its hash.
    const [print] = await Promise.all([page.waitForEvent('popup'), page.click('text=打印')])
    await print.waitForLoadState()
    expect(await print.textContent('h1')).toContain('2026年11月 质检奖惩结算')
    expect(await print.evaluate("getComputedStyle(document.querySelector('table')).borderCollapse")).toBe('collapse')
    expect(await print.textContent('body')).toContain(`签发时说明：${reason}`)
    // So do the API's docs.
    await page.goto(`${base}/api/docs`)
    await page.waitForSelector('.swagger-ui .opblock')
  })

  it('an admin creates an account; its one-time password comes first, a pasted link survives sign-in, disabling ends it', async () => {
    const admin = await signIn('admin1')
    await admin.click('nav >> text=用户管理')
    await admin.fill('#new-user input[name=username]', 'wang.wu')
    await admin.fill('#new-user input[name=displayName]', '王五')
    await admin.selectOption('#new-user select[name=role]', 'inspector')
    await admin.click('#new-user button[type=submit]')
    await expect.poll(() => admin.textContent('#users-status'), PATIENCE).toMatch(/wang\.wu 的一次性密码：\S{16}/)
    const oneTime = /一次性密码：(\S{16})/.exec((await admin.textContent('#users-status'))!)![1]!

    // A link pasted into a new window: sign in first, change the one-time password, then the link.
    const user = await newPage()
    await user.goto(`${base}/#/call/${encodeURIComponent(target)}`)
    await user.waitForSelector('input[name=username]')
    await user.fill('input[name=username]', 'wang.wu')
    await user.fill('input[name=password]', oneTime)
    await user.click('button[type=submit]')
    await user.waitForSelector('#password-form')
    expect(await user.textContent('#password-form')).toContain('这是一次性密码')
    await user.fill('input[name=current]', oneTime)
    for (const name of ['next', 'repeat']) await user.fill(`input[name=${name}]`, 'aaaaaaaaaaaa')
    await user.click('#password-form button[type=submit]')
    await expect.poll(() => user.textContent('#password-form [role=status]'), PATIENCE).toContain('密码至少要有 5 个不同的字符')
    for (const name of ['next', 'repeat']) await user.fill(`input[name=${name}]`, '王五的新密码 2026 冬')
    await user.click('#password-form button[type=submit]')
    await user.waitForSelector('.results .result')
    expect(await hashOf(user)).toBe(`#/call/${encodeURIComponent(target)}`)

    // Disabled: the session ends at the next request.
    admin.once('dialog', (d) => void d.accept())
    await admin.click('tr[data-user="wang.wu"] button.toggle')
    await expect.poll(() => admin.textContent('tr[data-user="wang.wu"]'), PATIENCE).toContain('已停用')
    await user.click('nav >> text=质检队列')
    await user.waitForSelector('input[name=username]')

    await admin.click('nav >> text=操作日志')
    await admin.selectOption('select[name=action]', 'user')
    await admin.click('form.filters button[type=submit]')
    await expect.poll(() => admin.locator('table.audit tbody tr').allTextContents(), PATIENCE).toEqual(
      expect.arrayContaining([expect.stringContaining('修改用户'), expect.stringContaining('修改密码'), expect.stringContaining('创建用户')]),
    )
    await admin.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true })
  })

  it('the queue opens on pending calls, shows an assignment at once, and a review can add what the machine missed and open the next call', async () => {
    const supervisor = await signIn('sup2')
    expect(await supervisor.inputValue('select[name=status]')).toBe('pending')
    const rows = supervisor.locator('table.queue tbody tr')
    const [first, second] = [await rows.nth(0).getAttribute('data-call-id'), await rows.nth(1).getAttribute('data-call-id')]
    for (const id of [first, second]) await supervisor.check(`tr[data-call-id="${id}"] input[type=checkbox]`)
    await supervisor.selectOption('form.assign select', 'insp')
    await supervisor.click('form.assign button[type=submit]')
    await expect.poll(() => supervisor.textContent(`tr[data-call-id="${first}"]`), PATIENCE).toContain('insp')
    expect(await supervisor.textContent('.toolbar [role=status]')).toContain('已将 2 通分派给 insp')

    const inspector = await signIn('insp')
    await inspector.click(`tr[data-call-id="${first}"]`)
    await inspector.waitForSelector('#submit-next')
    // Nothing decided yet: the page says what is missing, by rule name, before anything is sent.
    await inspector.click('#submit-review')
    await expect.poll(() => inspector.textContent('.submit [role=status]'), PATIENCE).toContain('还有违规项没有选择确认或推翻')
    for (const button of await inspector.locator('.result.fail .verdict.confirmed').all()) await button.click()
    await inspector.click('.added-editor summary')
    await inspector.click('#add-violation')
    const rule = await inspector.locator('.added-row select[name=ruleId] option').nth(1).getAttribute('value')
    await inspector.selectOption('.added-row select[name=ruleId]', rule!)
    await inspector.fill('.added-row input[name=points]', '2')
    await inspector.fill('.added-row input[name=from]', '00:05')
    await inspector.fill('.added-row input[name=to]', '00:09')
    await inspector.fill('.added-row input[name=quote]', '这个不归我管')
    await inspector.fill('.added-row input[name=reason]', '机评漏检：推诿客户')
    await inspector.click('#submit-next')
    await expect.poll(() => hashOf(inspector), PATIENCE).toBe(`#/call/${encodeURIComponent(second!)}`)
    await inspector.goBack()
    await inspector.waitForSelector('.result.added')
    expect(await inspector.textContent('.result.added')).toContain('质检补录，扣 2 分')
    expect(await inspector.textContent('.result.added .evidence')).toContain('00:05–00:09')
  })

  it('an agent reads their calls on a phone; badges stay on one line on a laptop', async () => {
    const phone = await signIn('zhangsan', { width: 390, height: 844 })
    await phone.waitForSelector('table.queue tbody tr')
    expect(await overflows(phone)).toBe(false)
    await phone.goto(`${base}/#/call/${encodeURIComponent(target)}`)
    await phone.waitForSelector('.results .result')
    expect(await overflows(phone)).toBe(false)
    await phone.screenshot({ path: join(SHOTS, 'call-page-390.png'), fullPage: true })
    await phone.click('nav >> text=申诉')
    await phone.waitForSelector('table.grid, p.muted')
    expect(await overflows(phone)).toBe(false)

    const laptop = await signIn('sup2', { width: 1280, height: 800 })
    await laptop.selectOption('select[name=status]', 'all')
    await laptop.click('form.filters button[type=submit]')
    await laptop.waitForSelector('table.queue .badge')
    const heights = await laptop.locator('table.queue .badge, table.queue .chip').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
    expect(Math.max(...heights)).toBeLessThan(24)
  })

  it('switches to English and keeps the choice', async () => {
    const page = await signIn('insp')
    await page.click('#lang')
    await page.waitForSelector('text=Review queue')
    await page.reload()
    await page.waitForSelector('text=Review queue')
  })
})
