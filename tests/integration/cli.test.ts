import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateCalls } from '../../bench/corpora.js'
import { Scorecard } from '../../pipelines/contracts/scorecard.js'

/* The real `callqa` binary (built by `npm test` before vitest runs), in a child process, as a user runs it. */

const CLI = join(process.cwd(), 'dist', 'services', 'cli', 'main.js')
const work = mkdtempSync(join(tmpdir(), 'callqa-cli-'))
const env = { ...process.env, CALLQA_DATA_DIR: join(work, 'data'), CALLQA_LANG: 'en', CLICKHOUSE_URL: '' }

function callqa(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, env, encoding: 'utf8', maxBuffer: 1 << 28 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const [good1, good2, good3] = generateCalls(3, 11, 60_000)
const ndjson = (...docs: unknown[]) => docs.map((d) => JSON.stringify(d)).join('\n') + '\n'

describe('callqa score', () => {
  it('prints exactly one Scorecard per good NDJSON line on stdout and reports bad lines on stderr', () => {
    const negative = { ...good2, callId: 'NEG', utterances: [{ speaker: 'agent', startMs: -5, endMs: 100, text: '您好' }] }
    const input = ndjson(good1) + '{"callId": "broken",\n' + ndjson(negative, good2, good3)
    const r = callqa(['score', '-', '--format', 'ndjson'], input)
    expect(r.code).toBe(2)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines.map((l) => Scorecard.parse(JSON.parse(l)).callId)).toEqual([good1!.callId, good2!.callId, good3!.callId])
    expect(r.stderr).toMatch(/rejected stdin:2: \$: invalid JSON/)
    expect(r.stderr).toMatch(/rejected stdin:3: \$\.utterances\[0\]\.startMs: .*>=0/)
    expect(r.stderr).toMatch(/scored 3 calls, rejected 2 inputs/)
  })

  it('keeps input order and line numbers across many blocks and threads, with CRLF line ends', () => {
    const calls = generateCalls(600, 5, 120_000)
    const lines = calls.map((c) => JSON.stringify(c))
    lines.splice(449, 0, '{"callId": "C-BAD", "utterances": "none"}') // becomes line 450
    const r = callqa(['score', '-', '--format', 'ndjson'], lines.join('\r\n') + '\r\n')
    expect(r.code).toBe(2)
    expect(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { callId: string }).callId)).toEqual(calls.map((c) => c.callId))
    expect(r.stderr).toMatch(/rejected stdin:450: \$\.hotline: /)
    expect(r.stderr).toMatch(/scored 600 calls, rejected 1 inputs/)
  })

  it('rejects a transcript whose speaker overlaps itself, naming both utterances', () => {
    const file = join(work, 'overlap.json')
    const utterances = [
      { speaker: 'agent', startMs: 0, endMs: 4000, text: '您好，很高兴为您服务' },
      { speaker: 'agent', startMs: 3000, endMs: 5000, text: '请问有什么可以帮您' },
    ]
    writeFileSync(file, JSON.stringify({ ...good1, utterances }))
    const r = callqa(['score', file, '--format', 'json'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`rejected ${file}: $.utterances[1].startMs: agent utterance at 3000–5000 ms overlaps utterances[0]`)
    expect(JSON.parse(r.stdout)).toEqual([])
  })

  it('reads folders recursively (.json, arrays, .ndjson) and says which files are bad', () => {
    const dir = join(work, 'folder')
    mkdirSync(join(dir, 'nested'), { recursive: true })
    writeFileSync(join(dir, 'a.json'), JSON.stringify(good1))
    writeFileSync(join(dir, 'nested', 'b.json'), JSON.stringify([good2, { callId: 'no-fields' }]))
    writeFileSync(join(dir, 'nested', 'c.ndjson'), ndjson(good3))
    writeFileSync(join(dir, 'notes.txt'), 'not a transcript')
    const r = callqa(['score', dir, '--format', 'ndjson'])
    expect(r.code).toBe(2)
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(3)
    expect(r.stderr).toContain(`rejected ${join(dir, 'nested', 'b.json')}[1]: $.hotline:`)
    expect(r.stderr).toContain('$.utterances:')
  })

  it('tells the user an empty folder holds no transcripts', () => {
    const empty = join(work, 'empty')
    mkdirSync(empty)
    const r = callqa(['score', empty])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`rejected ${empty}: $: folder holds no .json, .ndjson or .jsonl files`)
  })

  it('refuses a ruleset with an unknown rule id, naming the file, the id and its line', () => {
    const file = join(work, 'bad-rules.yaml')
    writeFileSync(file, 'extends: default\nid: acme\nversion: 1\nrules:\n  greeting:\n    points: 5\n  smile-detector:\n    points: 3\n')
    const r = callqa(['score', '--ruleset', file, '-'], ndjson(good1))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`ruleset ${file}: $.rules.smile-detector: unknown rule id "smile-detector"`)
    expect(r.stderr).toContain('(line 7)')
    expect(r.stdout).toBe('')
  })

  it('scores with a company ruleset and records its id and version', () => {
    const r = callqa(['score', '--ruleset', 'examples/rulesets/acme.yaml', '--format', 'ndjson', '-'], ndjson(good1))
    expect(r.code).toBe(0)
    const card = Scorecard.parse(JSON.parse(r.stdout))
    expect(card.ruleset).toEqual({ id: 'acme', version: 2 })
    // acme requires its company name, which the generated call does not say.
    expect(card.results.find((x) => x.ruleId === 'greeting')!.evidence[0]!.note).toContain('公司名称')
  })

  it('scores a 50 MB transcript', () => {
    const utterances = []
    for (let i = 0; utterances.length < 330_000; i++) {
      const t = i * 8000
      utterances.push({ speaker: 'agent', startMs: t, endMs: t + 3500, text: '好的，我这边帮您查询一下您的订单状态，请您稍等。' })
      utterances.push({ speaker: 'customer', startMs: t + 4000, endMs: t + 7500, text: '好的，麻烦你了，我的订单号是二零二六一一零一。' })
    }
    const file = join(work, 'huge.json')
    writeFileSync(file, JSON.stringify({ ...good1, callId: 'HUGE', utterances }))
    const r = callqa(['score', file, '--format', 'ndjson'])
    expect(r.code).toBe(0)
    const card = Scorecard.parse(JSON.parse(r.stdout))
    expect(card.callId).toBe('HUGE')
    expect(card.metrics.agentTalkMs).toBe(165_000 * 3500)
  })

  it('ends quietly when the reader closes stdout early (… | head -1)', async () => {
    const child = spawn(process.execPath, [CLI, 'score', '-', '--format', 'ndjson'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdin.on('error', () => {}) // the command may be gone before it has read all of its input
    child.stdin.end(generateCalls(3000, 5, 120_000).map((c) => JSON.stringify(c)).join('\n'))
    // Read the first line, then close the pipe, as `head -1` does.
    const first = await new Promise<string>((resolve) => {
      let out = ''
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')))
      })
    })
    child.stdout.destroy()
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(Scorecard.parse(JSON.parse(first)).callId).toBe('BENCH-5-0')
    expect(stderr).not.toMatch(/EPIPE|Error| {4}at /)
    expect(code).toBe(0)
  })

  it('explains usage errors', () => {
    expect(callqa(['score']).stderr).toContain('score needs at least one file')
    expect(callqa(['score', '-', '--format', 'xml'], '').stderr).toContain('--format must be one of table, json, ndjson')
    expect(callqa(['frobnicate']).code).toBe(1)
    expect(callqa(['help']).stdout).toContain('callqa score <files|folders|->')
    expect(spawnSync(process.execPath, [CLI, '--help'], { env: { ...env, CALLQA_LANG: '' }, encoding: 'utf8' }).stdout).toContain('用法')
  })
})

describe('callqa score --store and callqa report', () => {
  it('stores scorecards once however often a call is scored, and reports per agent by month', () => {
    const calls = generateCalls(4, 21, 60_000)
    const input = ndjson(...calls)
    expect(callqa(['score', '-', '--store', '--format', 'ndjson'], input).code).toBe(0)
    expect(callqa(['score', '-', '--store', '--format', 'ndjson'], input).code).toBe(0)
    const r = callqa(['report', '--month', '2026-11', '--format', 'json'])
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout) as Array<{ agentId: string; calls: number }>
    expect(rows.reduce((n, row) => n + row.calls, 0)).toBe(4)
    expect(new Set(rows.map((row) => row.agentId))).toEqual(new Set(calls.map((c) => c.agentId)))
    expect(JSON.parse(callqa(['report', '--month', '2026-10', '--format', 'json']).stdout)).toEqual([])
    expect(callqa(['report']).stdout).toMatch(/Agent QA summary all months[\s\S]*A10/)
    expect(callqa(['report', '--month', '2026-13']).stderr).toContain('--month must look like 2026-10')
  })
})
