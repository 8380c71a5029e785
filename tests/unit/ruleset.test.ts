import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { RULE_IDS } from '../../pipelines/contracts/rule-ids.js'
import { compileRuleset, scoreTranscript } from '../../pipelines/scoring/score.js'
import { loadRuleset, RulesetError } from '../../services/lib/rulesets/load.js'
import { SCORED_AT } from '../helpers/score.js'
import { agent, call, customer } from '../helpers/transcript.js'

const dir = mkdtempSync(join(tmpdir(), 'callqa-ruleset-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Writes a ruleset file into the test's temp directory and returns its path. */
function rulesetFile(name: string, lines: string[]): string {
  const path = join(dir, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

/** The RulesetError that loading `path` throws (fails the test when it loads). */
function loadError(path: string): RulesetError {
  try {
    loadRuleset(path)
  } catch (err) {
    if (err instanceof RulesetError) return err
    throw err
  }
  throw new Error(`${path} loaded without error`)
}

describe('loadRuleset', () => {
  it('loads the house default with every rule id and its documented parameters', () => {
    const rs = loadRuleset()
    expect(rs).toMatchObject({ id: 'default', version: 1 })
    expect(Object.keys(rs.rules)).toEqual([...RULE_IDS])
    expect(rs.rules['answer-speed']).toMatchObject({ enabled: true, fatal: false, points: 5, maxRingSeconds: 15 })
    expect(rs.rules.greeting).toMatchObject({ withinSeconds: 10, companyNames: [] })
    expect(rs.rules.interruption).toMatchObject({ minOverlapMs: 500, backchannelMaxMs: 1000, pointsPerOccurrence: 2, maxPoints: 10 })
    expect(rs.rules['hold-checkin']).toMatchObject({ maxSilenceSeconds: 30 })
    expect(rs.rules.closing).toMatchObject({ withinLastSeconds: 30 })
    expect(rs.rules['speech-rate']).toMatchObject({ minCharsPerMinute: 140, maxCharsPerMinute: 160 })
    expect(rs.rules.volume).toMatchObject({ enabled: false })
    expect(() => compileRuleset(rs)).not.toThrow()
  })

  it('merges a company file with `extends: default` over the default: maps key by key, lists replaced', () => {
    const path = rulesetFile('acme.yaml', [
      'extends: default',
      'id: acme',
      'version: 3',
      'rules:',
      '  greeting:',
      '    companyNames: [艾克美, 艾克美集团]',
      '    points: 8',
      '  volume:',
      '    enabled: true',
    ])
    const rs = loadRuleset(path)
    const base = loadRuleset()
    expect(rs).toMatchObject({ id: 'acme', version: 3, name: base.name })
    expect(rs.rules.greeting).toEqual({ ...base.rules.greeting, companyNames: ['艾克美', '艾克美集团'], points: 8 })
    expect(rs.rules.volume).toEqual({ ...base.rules.volume, enabled: true })
    expect(rs.rules.closing).toEqual(base.rules.closing)

    // The company's names now take part in scoring, and its points are what a missing name costs.
    const t = call({}, [agent(0, 4000, '您好，请问有什么可以帮您？'), customer(4500, 8000, '我想查订单。')])
    const card = scoreTranscript(compileRuleset(rs), t, SCORED_AT)
    expect(card.ruleset).toEqual({ id: 'acme', version: 3 })
    expect(card.results.find((r) => r.ruleId === 'greeting')).toMatchObject({ outcome: 'fail', deduction: 8 })
  })

  it('follows `extends` through a relative path to another company file', () => {
    rulesetFile('group.yaml', ['extends: default', 'id: group', 'version: 1', 'rules:', '  closing:', '    points: 6'])
    const path = rulesetFile('group-east.yaml', ['extends: ./group.yaml', 'id: group-east', 'version: 2', 'rules:', '  recap:', '    points: 4'])
    const rs = loadRuleset(path)
    expect(rs).toMatchObject({ id: 'group-east', version: 2 })
    expect(rs.rules.closing?.points).toBe(6)
    expect(rs.rules.recap?.points).toBe(4)
    expect(rs.rules.greeting?.points).toBe(5)
  })

  it('rejects an unknown rule id, naming the id and the line it is on', () => {
    const path = rulesetFile('typo.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  greetng:', '    points: 5'])
    const err = loadError(path)
    expect(err.problems).toHaveLength(1)
    expect(err.problems[0]!.path).toBe('$.rules.greetng')
    expect(err.problems[0]!.message).toMatch(/^unknown rule id "greetng"; known ids: answer-speed, greeting,/)
    expect(err.problems[0]!.message).toMatch(/\(line 5\)$/)
    expect(err.message).toContain(path)
  })

  it('rejects every unknown rule id, each with its own line', () => {
    const err = loadError(rulesetFile('typos.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  foo: {}', '  bar: {}']))
    expect(err.problems.map((p) => [p.path, p.message.match(/\(line (\d+)\)$/)?.[1]])).toEqual([
      ['$.rules.foo', '5'],
      ['$.rules.bar', '6'],
    ])
  })

  it('rejects a value of the wrong type with its path and line', () => {
    const path = rulesetFile('type.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  greeting:', '    points: five'])
    const err = loadError(path)
    expect(err.problems).toEqual([{ path: '$.rules.greeting.points', message: expect.stringMatching(/expected number.*\(line 6\)$/) }])
    expect(err.message).toBe(`ruleset ${path}: ${err.problems[0]!.path}: ${err.problems[0]!.message}`)
  })

  it('rejects an unknown parameter of a known rule', () => {
    const err = loadError(rulesetFile('param.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  greeting:', '    pointz: 5']))
    expect(err.problems[0]!.path).toBe('$.rules.greeting')
    expect(err.problems[0]!.message).toMatch(/pointz/)
  })

  it('rejects a phrase longer than 31 characters, and accepts 31', () => {
    const tooLong = '感谢您的来电'.repeat(5) + '再见' // 32 characters
    const err = loadError(
      rulesetFile('long.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  closing:', '    phrases:', '      - 再见', `      - ${tooLong}`]),
    )
    expect(err.problems).toEqual([{ path: '$.rules.closing.phrases[1]', message: expect.stringMatching(/at most 31 characters.*\(line 8\)$/) }])

    const longest = tooLong.slice(0, 31)
    const rs = loadRuleset(rulesetFile('longest.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  closing:', `    phrases: [${longest}]`]))
    expect(rs.rules.closing?.phrases).toEqual([longest])
    expect(() => compileRuleset(rs)).not.toThrow()
  })

  it('measures the 31-character limit per part of a gapped phrase', () => {
    const part = '您'.repeat(20)
    const rs = loadRuleset(rulesetFile('gap.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  recap:', `    phrases: [${part}…${part}]`]))
    expect(rs.rules.recap?.phrases).toEqual([`${part}…${part}`])
  })

  it('treats the Chinese ellipsis …… as one gap (您的……是……对吗)', () => {
    const rs = loadRuleset(rulesetFile('ellipsis.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  recap:', '    phrases: [您的……是……对吗]']))
    const t = call({}, [customer(0, 5000, '我改一下手机号。'), agent(5500, 10_000, '您的手机号是13800001234，对吗？')])
    const card = scoreTranscript(compileRuleset(rs), t, SCORED_AT)
    expect(card.results.find((r) => r.ruleId === 'recap')).toMatchObject({ outcome: 'pass' })
  })

  it('rejects a phrase that is only punctuation when loading, not later when compiling', () => {
    const path = rulesetFile('punct.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  closing:', '    phrases: [再见, "！！"]'])
    const err = loadError(path)
    expect(err.problems[0]!.path).toBe('$.rules.closing.phrases[1]')
  })

  it('rejects an extends cycle, naming the files in it', () => {
    const a = join(dir, 'cycle-a.yaml')
    const b = join(dir, 'cycle-b.yaml')
    rulesetFile('cycle-a.yaml', ['extends: ./cycle-b.yaml', 'id: a', 'version: 1'])
    rulesetFile('cycle-b.yaml', ['extends: ./cycle-a.yaml', 'id: b', 'version: 1'])
    const err = loadError(a)
    expect(err.problems).toEqual([{ path: '$.extends', message: `extends cycle: ${a} → ${b} → ${a}` }])
  })

  it('rejects a file that extends itself', () => {
    const self = rulesetFile('self.yaml', ['extends: ./self.yaml', 'id: self', 'version: 1'])
    expect(loadError(self).problems[0]!.message).toBe(`extends cycle: ${self} → ${self}`)
  })

  it('reports a missing file', () => {
    const path = join(dir, 'nowhere.yaml')
    const err = loadError(path)
    expect(err.file).toBe(path)
    expect(err.problems).toEqual([{ path: '$', message: 'cannot read file: ENOENT' }])
  })

  it('reports a missing base file, naming it', () => {
    const err = loadError(rulesetFile('orphan.yaml', ['extends: ./missing-base.yaml', 'id: orphan', 'version: 1']))
    expect(err.file).toBe(join(dir, 'missing-base.yaml'))
    expect(err.problems[0]!.message).toBe('cannot read file: ENOENT')
  })

  it('reports a YAML syntax error with its line number', () => {
    const err = loadError(rulesetFile('syntax.yaml', ['extends: default', 'id: acme', 'version: 3', 'rules:', '  greeting: {', '    points: 5']))
    expect(err.problems).toHaveLength(1)
    expect(err.problems[0]!.message).toMatch(/^YAML line \d+: /)
  })

  it('rejects a non-string extends and a document that is not a mapping', () => {
    expect(loadError(rulesetFile('ext-num.yaml', ['extends: 3', 'id: x', 'version: 1'])).problems[0]!.path).toBe('$.extends')
    expect(loadError(rulesetFile('list.yaml', ['- a', '- b'])).problems[0]!.message).toMatch(/expected a YAML mapping/)
  })
})
