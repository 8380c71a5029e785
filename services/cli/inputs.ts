import { createReadStream } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { parseJson, type InputProblem } from '../../pipelines/contracts/validate.js'

/**
 * One JSON document from the user's inputs, or why it could not be read; `source` says where (file:line). NDJSON
 * lines stay bytes so that decoding and parsing happen where they are scored (the worker threads).
 */
export type InputDocument =
  | { source: string; value: unknown }
  | { source: string; problems: InputProblem[] }
  /** Whole NDJSON lines as bytes; the first is line `firstLine` of `source`. */
  | { source: string; firstLine: number; lines: Uint8Array }

const LINE_DELIMITED = /\.(ndjson|jsonl)$/i
const TRANSCRIPT_FILE = /\.(json|ndjson|jsonl)$/i

/** Read size for NDJSON files: big reads, few system calls. */
const READ_BYTES = 256 * 1024

/**
 * Cuts a byte stream into blocks of whole lines, one per chunk read, without decoding them: finding newlines is all
 * the reading thread does, and the scoring threads decode and parse.
 */
async function* lineBlocks(stream: Readable, name: string): AsyncGenerator<InputDocument> {
  let carry = Buffer.alloc(0) // the unfinished line after the last newline
  let firstLine = 1
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    const lastNl = bytes.lastIndexOf(10)
    if (lastNl === -1) {
      carry = Buffer.concat([carry, bytes])
      continue
    }
    const lines = Buffer.concat([carry, bytes.subarray(0, lastNl + 1)])
    carry = Buffer.from(bytes.subarray(lastNl + 1))
    yield { source: name, firstLine, lines }
    for (let nl = lines.indexOf(10); nl !== -1; nl = lines.indexOf(10, nl + 1)) firstLine++
  }
  if (carry.length > 0) yield { source: name, firstLine, lines: carry }
}

async function* jsonFile(path: string): AsyncGenerator<InputDocument> {
  const parsed = parseJson(await readFile(path, 'utf8'))
  if (!parsed.ok) return yield { source: path, problems: parsed.problems }
  if (!Array.isArray(parsed.value)) return yield { source: path, value: parsed.value }
  for (const [i, value] of parsed.value.entries()) yield { source: `${path}[${i}]`, value }
}

async function listTranscriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && TRANSCRIPT_FILE.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

async function* fileOrFolder(path: string): AsyncGenerator<InputDocument> {
  let info
  try {
    info = await stat(path)
  } catch (err) {
    return yield { source: path, problems: [{ path: '$', message: `cannot read: ${(err as NodeJS.ErrnoException).code}` }] }
  }
  if (info.isDirectory()) {
    const files = await listTranscriptFiles(path)
    if (files.length === 0) yield { source: path, problems: [{ path: '$', message: 'folder holds no .json, .ndjson or .jsonl files' }] }
    for (const file of files) yield* fileOrFolder(file)
    return
  }
  try {
    if (LINE_DELIMITED.test(path)) yield* lineBlocks(createReadStream(path, { highWaterMark: READ_BYTES }), path)
    else yield* jsonFile(path)
  } catch (err) {
    // A file that fails while being read is one rejected input; the other files are still scored.
    const code = (err as NodeJS.ErrnoException).code
    if (code === undefined) throw err
    yield { source: path, problems: [{ path: '$', message: `cannot read: ${code}` }] }
  }
}

/** The documents of every argument in order: files, folders (recursively) and `-` for NDJSON on stdin. */
export async function* readInputs(args: readonly string[], stdin: Readable): AsyncGenerator<InputDocument> {
  for (const arg of args) {
    if (arg === '-') yield* lineBlocks(stdin, 'stdin')
    else yield* fileOrFolder(arg)
  }
}
