import { randomUUID, timingSafeEqual } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { access, chmod, link, mkdir, rm } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'
import multipart from '@fastify/multipart'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Call } from '../../pipelines/contracts/call.js'
import { jsonPath, validate } from '../../pipelines/contracts/validate.js'
import { AUDIO_EXTENSIONS } from '../lib/audio/formats.js'
import { locateRecording } from '../lib/audio/recording-path.js'
import { isLoopback } from '../lib/config/ingest.js'
import { HttpProblem } from '../lib/errors.js'
import type { OutgoingMessage } from '../lib/kafka/bus.js'
import { HEADERS, SCHEMA_VERSION, TOPICS } from '../lib/kafka/topics.js'

/*
 * ingest: takes a Call (CDR + recording) over HTTP, keeps the audio, and puts the call on callqa.calls.recorded.v1.
 * Either JSON whose recording URI already points at the audio (file:// inside the recordings folder, http(s)://,
 * s3://), or multipart/form-data with the Call as the `call` field and the audio as the `audio` file.
 */

export interface IngestOptions {
  /** Where uploaded recordings are kept, and the only place a file:// URI may point into. */
  recordingsDir: string
  /** Puts a message on Kafka and resolves once the broker has it. */
  publish: (message: OutgoingMessage) => Promise<void>
  /** When set, every request needs `Authorization: Bearer <token>`; without it only this machine may post. */
  token?: string
  maxUploadBytes?: number
}

const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/

const Accepted = z.object({ callId: z.string(), traceId: z.string(), recordingUri: z.string() })

function authorized(request: FastifyRequest, token: string | undefined): boolean {
  if (token === undefined) return isLoopback(request.socket.remoteAddress ?? '')
  const given = Buffer.from(request.headers.authorization ?? '')
  const expected = Buffer.from(`Bearer ${token}`)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function checkRecordingUri(uri: string, recordingsDir: string): void {
  const where = locateRecording(uri, recordingsDir)
  if (where.kind === 'invalid') throw new HttpProblem(400, 'invalid Call', [{ path: '$.recording.uri', message: where.why }])
}

function parseCall(value: unknown): Call {
  const call = validate(Call, value)
  if (!call.ok) throw new HttpProblem(400, 'invalid Call', call.problems)
  if (!SAFE_ID.test(call.value.callId)) {
    throw new HttpProblem(400, 'invalid Call', [{ path: '$.callId', message: "letters, digits, '.', '_' and '-' only (it names the recording file)" }])
  }
  return call.value
}

/*
 * A recording once accepted is never replaced: it is what the call's scores and fines rest on. A second upload for
 * the same call id (any audio type) is refused, and a JSON Call may not point a call that has an uploaded
 * recording at another file. The file is published with link(), which fails rather than replace an existing file;
 * `uploading` closes the gap between two uploads of one call with different extensions in this process.
 */
async function acceptedRecording(recordingsDir: string, callId: string): Promise<string | undefined> {
  const names = [...AUDIO_EXTENSIONS].map((ext) => `${callId}${ext}`)
  const found = await Promise.all(names.map((name) => access(join(recordingsDir, name)).then(() => true, () => false)))
  return names.find((_, i) => found[i])
}

function alreadyAccepted(callId: string, name: string): HttpProblem {
  return new HttpProblem(409, `call ${callId} already has an accepted recording (${name}); a recording is never replaced`)
}

export async function buildIngestApp(options: IngestOptions): Promise<FastifyInstance> {
  const maxUploadBytes = options.maxUploadBytes ?? 512 * 1024 * 1024
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 4 } })
  // Recordings are personal data: only the service's own user may read them.
  await mkdir(options.recordingsDir, { recursive: true, mode: 0o700 })
  await chmod(options.recordingsDir, 0o700)
  const uploading = new Set<string>()

  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof HttpProblem) return reply.status(err.statusCode).send({ error: err.message, problems: err.problems })
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.status(400).send({ error: 'invalid request', problems: err.validation.map((v) => ({ path: jsonPath(v.instancePath.split('/').filter(Boolean)), message: v.message })) })
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500
    return reply.status(status).send({ error: status >= 500 ? 'internal error' : (err as Error).message })
  })

  app.addHook('onRequest', async (request) => {
    if (request.url !== '/healthz' && !authorized(request, options.token)) throw new HttpProblem(401, 'missing or wrong bearer token')
  })

  app.get('/healthz', async () => ({ ok: true }))

  const publish = async (call: Call) => {
    const traceId = randomUUID()
    await options.publish({
      topic: TOPICS.recorded,
      key: call.callId,
      value: JSON.stringify(call),
      headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION, [HEADERS.traceId]: traceId, [HEADERS.enteredAt]: String(Date.now()) },
    })
    return { callId: call.callId, traceId, recordingUri: call.recording!.uri }
  }

  app.post('/v1/calls', { schema: { response: { 202: Accepted } } }, async (request, reply) => {
    if (!request.isMultipart()) {
      const call = parseCall(request.body)
      if (!call.recording) throw new HttpProblem(400, 'invalid Call', [{ path: '$.recording', message: 'required: upload the audio as multipart, or give its URI' }])
      checkRecordingUri(call.recording.uri, options.recordingsDir)
      const accepted = await acceptedRecording(options.recordingsDir, call.callId)
      if (accepted !== undefined && call.recording.uri !== pathToFileURL(join(options.recordingsDir, accepted)).href) throw alreadyAccepted(call.callId, accepted)
      return reply.status(202).send(await publish(call))
    }
    let fields: Record<string, string> = {}
    let saved: string | undefined
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields = { ...fields, [part.fieldname]: String(part.value) }
          continue
        }
        if (part.fieldname !== 'audio') throw new HttpProblem(400, `unexpected file field "${part.fieldname}"; the recording goes in "audio"`)
        if (fields.call === undefined) throw new HttpProblem(400, 'send the "call" field before the "audio" file')
        const call = parseCall(JSON.parse(fields.call) as unknown)
        const ext = extname(part.filename).toLowerCase()
        if (!AUDIO_EXTENSIONS.has(ext)) throw new HttpProblem(415, `unsupported audio file type "${ext || part.filename}"; expected one of ${[...AUDIO_EXTENSIONS].join(' ')}`)
        if (uploading.has(call.callId)) throw new HttpProblem(409, `call ${call.callId} is being uploaded by another request`)
        uploading.add(call.callId)
        const target = join(options.recordingsDir, `${call.callId}${ext}`)
        const partial = `${target}.${randomUUID()}.part`
        try {
          const accepted = await acceptedRecording(options.recordingsDir, call.callId)
          if (accepted !== undefined) throw alreadyAccepted(call.callId, accepted)
          await pipeline(part.file, createWriteStream(partial, { mode: 0o600 }))
          // Past the limit the stream just ends early (the plugin throws only at the next part): check before keeping it.
          if (part.file.truncated) throw new HttpProblem(413, `the recording is larger than ${maxUploadBytes} bytes`)
          // Written whole, then linked: a reader never sees half a recording, and an existing file is never replaced.
          await link(partial, target).catch((err: NodeJS.ErrnoException) => {
            throw err.code === 'EEXIST' ? alreadyAccepted(call.callId, `${call.callId}${ext}`) : err
          })
        } finally {
          uploading.delete(call.callId)
          await rm(partial, { force: true })
        }
        saved = target
        const channels = call.recording?.channels ?? { agent: 0, customer: 1 }
        fields.call = JSON.stringify({ ...call, recording: { uri: pathToFileURL(target).href, channels } })
      }
    } catch (err) {
      if (err instanceof SyntaxError) throw new HttpProblem(400, 'invalid Call', [{ path: '$', message: `the "call" field is not JSON: ${err.message}` }])
      throw err
    }
    if (!saved) throw new HttpProblem(400, 'multipart upload without an "audio" file')
    return reply.status(202).send(await publish(parseCall(JSON.parse(fields.call!) as unknown)))
  })

  return app
}
