import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { readCallsFile } from '../../services/cli/calls-file.js'

const dir = mkdtempSync(join(tmpdir(), 'callqa-calls-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const HEADER = 'callId,hotline,agentId,agentName,teamId,direction,startedAt,ringSeconds,answered,durationSeconds,recording'

test('a CSV feed keeps every CDR, unanswered calls (answered = false/0) without a recording included', () => {
  const file = join(dir, 'cdr.csv')
  writeFileSync(
    file,
    [
      HEADER,
      'C1,400-800-1234,A1,张三,T01,inbound,2026-11-01T09:00:00+08:00,6,true,120,C1.wav',
      'C2,400-800-1234,A1,张三,T01,inbound,2026-11-01T09:05:00+08:00,40,false,0,',
      'C3,400-800-1234,A2,李四,T01,inbound,2026-11-01T09:06:00+08:00,45,0,0,',
      'C4,400-800-1234,A2,李四,T01,inbound,2026-11-01T09:07:00+08:00,5,,90,C4.wav',
    ].join('\n'),
  )
  const calls = readCallsFile(file)
  expect(calls.all.map((c) => [c.callId, c.answered])).toEqual([
    ['C1', true],
    ['C2', false],
    ['C3', false],
    ['C4', undefined],
  ])
  expect(calls.forRecording('/rec/C4.wav')?.callId).toBe('C4')
})

test('an answered value that is not a boolean is an error naming the line', () => {
  const file = join(dir, 'bad.csv')
  writeFileSync(file, [HEADER, 'C1,400-800-1234,A1,张三,T01,inbound,2026-11-01T09:00:00+08:00,6,maybe,120,C1.wav'].join('\n'))
  expect(() => readCallsFile(file)).toThrow(`${file}:2: $.answered:`)
})
