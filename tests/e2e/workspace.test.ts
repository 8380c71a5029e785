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
 * with the keyboard, the agent appeals, another supervisor upholds the appeal; the call page is saved as a
 * screenshot (test-results/call-page.png). The calls are of fixed months and the server's clock is set to 00:20 on the
 * 1st of the month after (Beijing time), whatever today is: the pages must open on the month with the calls.
 */

const PASSWORD = 'correct horse battery staple'
const SHOTS = join(process.cwd(), 'test-results')
let store: Store
let app: FastifyInstance
let browser: Browser
let base: string
let target: string
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
  await store.saveScored(scored)
  const hash = await hashPassword(PASSWORD)
  for (const [username, role, agentId] of [
    ['insp', 'inspector', null],
    ['sup2', 'supervisor', null],
    ['zhangsan', 'agent', 'A1001'],
  ] as const) {
    await store.saveUser({ username, displayName: username, role, agentId, passwordHash: hash, disabled: false })
  }
  app = await buildApiApp({ store, secret: 'e2e-secret-0123456789-0123456789-abcdef', recordingsDir, sampling: { perAgentWeek: 1, seed: 1 }, now: () => NOW })
  base = await app.listen({ port: 0, host: '127.0.0.1' })
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] })
  mkdirSync(SHOTS, { recursive: true })
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await store?.close()
})

/** A fresh browser tab whose clock reads this process's (scripts/test-clock.mjs may have moved it). */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' })
  await context.clock.install({ time: Date.now() })
  return context.newPage()
}

async function signIn(username: string): Promise<Page> {
  const page = await newPage()
  page.on('pageerror', (err) => {
    throw err
  })
  await page.goto(`${base}/#/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', PASSWORD)
  await page.click('button[type=submit]')
  await page.waitForSelector('#signout')
  return page
}

describe('the QA workspace in Chromium', () => {
  it('refuses a wrong password in Chinese', async () => {
    const page = await newPage()
    await page.goto(`${base}/`)
    await page.fill('input[name=username]', 'insp')
    await page.fill('input[name=password]', 'wrong password')
    await page.click('button[type=submit]')
    // The password is checked with a slow hash on purpose: on a loaded machine that takes more than poll's default 1 s.
    await expect.poll(() => page.textContent('.error'), { timeout: 15_000 }).toBe('用户名或密码错误')
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
    expect(await inspector.textContent('.review-of-record')).toContain('insp')
    await inspector.screenshot({ path: join(SHOTS, 'call-page.png'), fullPage: true })
    expect(statSync(join(SHOTS, 'call-page.png')).size).toBeGreaterThan(20_000)

    const agent = await signIn('zhangsan')
    expect(await agent.textContent('h1')).toContain('我的通话')
    await agent.goto(`${base}/#/call/${target}`)
    await agent.waitForSelector('.appeal-form')
    await agent.fill('.appeal-form textarea', '客户当时要求先挂断，我按流程确认了两次。')
    await agent.click('.appeal-form button[type=submit]')
    await agent.waitForSelector('.appeal.open')

    const supervisor = await signIn('sup2')
    await supervisor.goto(`${base}/#/appeals`)
    await supervisor.click(`text=${target}`)
    await supervisor.waitForSelector('.appeal.open .decide')
    await supervisor.fill('.appeal.open .decide input', '复听录音，申诉成立')
    await supervisor.click('.appeal.open .decide button:first-of-type')
    await supervisor.waitForSelector('.appeal.upheld')
    expect(await supervisor.textContent('.history')).toContain('裁决申诉')

    await agent.reload()
    await agent.waitForSelector('.appeal.upheld')
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
    page.once('dialog', (d) => void d.accept())
    await page.click('#sign')
    await page.waitForSelector('.badge.pass')
    expect(await page.locator('#sign').count()).toBe(0)
  })

  it('switches to English and keeps the choice', async () => {
    const page = await signIn('insp')
    await page.click('#lang')
    await page.waitForSelector('text=Review queue')
    await page.reload()
    await page.waitForSelector('text=Review queue')
  })
})
