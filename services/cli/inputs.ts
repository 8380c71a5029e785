import { createReadStream } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { parseJson, type InputProblem } from '../../pipelines/contracts/validate.js'

/** One JSON document from the user's inputs, or why it could not be read; `source` says where (file:line). */
export type InputDocument = { source: string; value: unknown } | { source: string; problems: InputProblem[] }

const LINE_DELIMITED = /\.(ndjson|jsonl)$/i
const TRANSCRIPT_FILE = /\.(json|ndjson|jsonl)$/i

async function* lines(stream: Readable, name: string): AsyncGenerator<InputDocument> {
  let n = 0
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    n++
    if (line.trim() === '') continue
    const parsed = parseJson(line)
    yield parsed.ok ? { source: `${name}:${n}`, value: parsed.value } : { source: `${name}:${n}`, problems: parsed.problems }
  }
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
  } else if (LINE_DELIMITED.test(path)) {
    yield* lines(createReadStream(path), path)
  } else {
    yield* jsonFile(path)
  }
}

/** The documents of every argument in order: files, folders (recursively) and `-` for NDJSON on stdin. */
export async function* readInputs(args: readonly string[], stdin: Readable): AsyncGenerator<InputDocument> {
  for (const arg of args) {
    if (arg === '-') yield* lines(stdin, 'stdin')
    else yield* fileOrFolder(arg)
  }
}
