import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Call } from '../../pipelines/contracts/call.js'
import { CALL_DEFAULTS } from '../helpers/transcript.js'
import { buildIngestApp } from '../../services/ingest/app.js'
import { loadIngestConfig } from '../../services/lib/config/ingest.js'
import { KafkaBus, type IncomingMessage, type RunningStage } from '../../services/lib/kafka/bus.js'
import { HEADERS, TOPICS } from '../../services/lib/kafka/topics.js'
import { createLogger } from '../../services/lib/log/index.js'

/* The ingest service through app.inject(), publishing to the real broker of kafka.setup.ts. */

const kafka = inject('kafka')
const bus = new KafkaBus({ brokers: kafka.brokers, clientId: 'callqa-test-ingest', partitions: 4, stallMs: 60_000 }, createLogger('test', { LOG_LEVEL: 'error' }))
const recordingsDir = mkdtempSync(join(tmpdir(), 'callqa-recordings-'))
const TOKEN = 'test-token-0123456789'
const received = new Map<string, IncomingMessage>()
let app: FastifyInstance
let reader: RunningStage

/** A Call as a recorder posts it: the shared test CDR, without a recording (uploaded, or given per test). */
function call(callId: string) {
  return { ...CALL_DEFAULTS, recording: undefined, callId, durationSeconds: 184.2 }
}
const auth = { authorization: `Bearer ${TOKEN}` }

function upload(fields: Record<string, string>, file?: { name: string; bytes: number }): FormData {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  if (file) form.append('audio', new Blob([Buffer.alloc(file.bytes, 1)]), file.name)
  return form
}

async function waitForMessage(callId: string): Promise<IncomingMessage> {
  const deadline = Date.now() + 30_000
  while (!received.has(callId)) {
    if (Date.now() > deadline) throw new Error(`no message for ${callId} on ${TOPICS.recorded}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return received.get(callId)!
}

beforeAll(async () => {
  await bus.ensureTopics()
  app = await buildIngestApp({ recordingsDir, token: TOKEN, maxUploadBytes: 64 * 1024, publish: (m) => bus.send([m]) })
  reader = await bus.runStage({
    name: `test-ingest-${Date.now()}`,
    topics: [TOPICS.recorded],
    handle: async (ms) => {
      for (const m of ms) if (m.key) received.set(m.key, m)
      return ms.map(() => ({ kind: 'drop' as const }))
    },
  })
})

afterAll(async () => {
  await app.close()
  await reader.stop()
  await bus.close()
})

describe('ingest', () => {
  it('keeps an uploaded recording and publishes the Call with its file:// URI', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: upload({ call: JSON.stringify(call('ING-1')) }, { name: 'x.WAV', bytes: 4000 }) })
    expect(res.statusCode).toBe(202)
    const body = res.json() as { callId: string; traceId: string; recordingUri: string }
    expect(body.recordingUri).toBe(`file://${join(recordingsDir, 'ING-1.wav')}`)
    expect(readFileSync(join(recordingsDir, 'ING-1.wav')).length).toBe(4000)
    const message = await waitForMessage('ING-1')
    const published = Call.parse(JSON.parse(message.value!.toString()))
    expect(published.recording).toEqual({ uri: body.recordingUri, channels: { agent: 0, customer: 1 } })
    expect(message.headers[HEADERS.traceId]).toBe(body.traceId)
    expect(message.headers[HEADERS.schemaVersion]).toBe('1')
  })

  it('publishes a Call that points at a remote recording', async () => {
    const payload = { ...call('ING-2'), recording: { uri: 'https://recorder.example/rec/ING-2.mp3', channels: { mixed: 0 } } }
    const res = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload })
    expect(res.statusCode).toBe(202)
    expect(Call.parse(JSON.parse((await waitForMessage('ING-2')).value!.toString())).recording?.channels).toEqual({ mixed: 0 })
  })

  it('refuses requests without the right bearer token', async () => {
    expect((await app.inject({ method: 'POST', url: '/v1/calls', payload: call('ING-3') })).statusCode).toBe(401)
    const forged = await app.inject({ method: 'POST', url: '/v1/calls', headers: { authorization: 'Bearer nope' }, payload: call('ING-3') })
    expect(forged.statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  it('says what is wrong with a bad Call, naming the JSON path', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: { ...call('ING-4'), startedAt: 'yesterday', recording: { uri: 'https://x/y.wav' } } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'invalid Call', problems: [{ path: '$.startedAt' }] })
    const noRecording = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: call('ING-4') })
    expect(noRecording.json()).toMatchObject({ problems: [{ path: '$.recording', message: expect.stringContaining('upload the audio') }] })
    const notJson = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: upload({ call: '{oops' }, { name: 'a.wav', bytes: 10 }) })
    expect(notJson.statusCode).toBe(400)
    expect(notJson.json().problems[0].message).toMatch(/the "call" field is not JSON/)
  })

  it('refuses path traversal in recording URIs and call ids', async () => {
    for (const uri of ['file:///etc/passwd', `file://${recordingsDir}/../secret.wav`, 'ftp://host/x.wav']) {
      const res = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: { ...call('ING-5'), recording: { uri } } })
      expect(res.statusCode, uri).toBe(400)
      expect(res.json().problems[0].path).toBe('$.recording.uri')
    }
    const sneaky = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: upload({ call: JSON.stringify(call('../../etc/cron')) }, { name: 'a.wav', bytes: 10 }) })
    expect(sneaky.statusCode).toBe(400)
    expect(sneaky.json().problems[0].path).toBe('$.callId')
    expect(received.has('ING-5')).toBe(false)
  })

  it('refuses oversized uploads and bodies and unknown audio types, leaving no file behind', async () => {
    const big = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: upload({ call: JSON.stringify(call('ING-6')) }, { name: 'a.wav', bytes: 200_000 }) })
    expect(big.statusCode).toBe(413)
    expect(big.json().error).toMatch(/larger than 65536 bytes/)
    const exe = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: upload({ call: JSON.stringify(call('ING-7')) }, { name: 'a.exe', bytes: 10 }) })
    expect(exe.statusCode).toBe(415)
    const body = await app.inject({ method: 'POST', url: '/v1/calls', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ ...call('ING-8'), agentName: 'x'.repeat(2_000_000) }) })
    expect(body.statusCode).toBe(413)
    expect(readdirSync(recordingsDir).filter((f) => f.startsWith('ING-6') || f.startsWith('ING-7'))).toEqual([])
    expect(existsSync(join(recordingsDir, 'ING-6.wav'))).toBe(false)
  })

  it('never replaces an accepted recording: not by a second upload of any type, not by a JSON Call pointing elsewhere', async () => {
    const first = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: upload({ call: JSON.stringify(call('ING-9')) }, { name: 'a.wav', bytes: 3000 }) })
    expect(first.statusCode).toBe(202)
    for (const name of ['b.wav', 'b.mp3', 'B.WAV']) {
      const again = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: upload({ call: JSON.stringify(call('ING-9')) }, { name, bytes: 10 }) })
      expect(again.statusCode, name).toBe(409)
      expect(again.json().error).toMatch(/already has an accepted recording \(ING-9\.wav\)/)
    }
    const elsewhere = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: { ...call('ING-9'), recording: { uri: 'https://evil.example/x.wav' } } })
    expect(elsewhere.statusCode).toBe(409)
    // Pointing at the recording it has is a re-publish, not a replacement.
    const same = await app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: { ...call('ING-9'), recording: { uri: first.json().recordingUri } } })
    expect(same.statusCode).toBe(202)
    expect(readFileSync(join(recordingsDir, 'ING-9.wav')).length).toBe(3000)
    expect(readdirSync(recordingsDir).filter((f) => f.startsWith('ING-9'))).toEqual(['ING-9.wav'])
  })

  it('accepts exactly one of several concurrent uploads of one call', async () => {
    const answers = await Promise.all(
      ['a.wav', 'b.wav', 'c.mp3', 'd.flac', 'e.wav', 'f.ogg'].map((name) =>
        app.inject({ method: 'POST', url: '/v1/calls', headers: auth, payload: upload({ call: JSON.stringify(call('ING-10')) }, { name, bytes: 2000 }) }),
      ),
    )
    expect(answers.map((a) => a.statusCode).sort()).toEqual([202, 409, 409, 409, 409, 409])
    expect(readdirSync(recordingsDir).filter((f) => f.startsWith('ING-10'))).toHaveLength(1)
  })

  it('keeps recordings readable by its own user only', async () => {
    expect(statSync(recordingsDir).mode & 0o777).toBe(0o700)
    expect(statSync(join(recordingsDir, 'ING-1.wav')).mode & 0o777).toBe(0o600)
  })

  it('without a token, listens on loopback and answers only this machine', async () => {
    expect(loadIngestConfig({}).host).toBe('127.0.0.1')
    expect(() => loadIngestConfig({ INGEST_HOST: '0.0.0.0' })).toThrow(/INGEST_TOKEN \(16\+ characters\) is required/)
    expect(loadIngestConfig({ INGEST_TOKEN: TOKEN }).host).toBe('0.0.0.0')
    expect(loadIngestConfig({ INGEST_TOKEN: TOKEN, INGEST_HOST: '10.0.0.5' }).host).toBe('10.0.0.5')
    const open = await buildIngestApp({ recordingsDir: mkdtempSync(join(tmpdir(), 'callqa-recordings-local-')), publish: (m) => bus.send([m]) })
    try {
      const payload = { ...call('ING-11'), recording: { uri: 'https://recorder.example/ING-11.wav' } }
      expect((await open.inject({ method: 'POST', url: '/v1/calls', payload, remoteAddress: '192.168.1.20' })).statusCode).toBe(401)
      expect((await open.inject({ method: 'POST', url: '/v1/calls', payload, remoteAddress: '127.0.0.1' })).statusCode).toBe(202)
    } finally {
      await open.close()
    }
  })
})
