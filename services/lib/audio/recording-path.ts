import { realpath, stat } from 'node:fs/promises'
import { relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/*
 * Recordings are referred to by URI; a file:// one may only name a file inside the recordings folder. Ingest
 * checks this when a Call comes in, and the API again when it serves audio (a store row is not trusted to be
 * what ingest accepted: it may come from a CDR import or an older version).
 */

export type RecordingLocation = { kind: 'remote' } | { kind: 'local'; path: string } | { kind: 'invalid'; why: string }

const REMOTE_URI = /^(https?|s3):\/\//

/** Where a recording URI points, judged on the text alone (no file system access). */
export function locateRecording(uri: string, recordingsDir: string): RecordingLocation {
  if (REMOTE_URI.test(uri)) return { kind: 'remote' }
  if (!uri.startsWith('file://')) return { kind: 'invalid', why: 'expected file://, http(s):// or s3://' }
  let path: string
  try {
    path = fileURLToPath(uri)
  } catch {
    return { kind: 'invalid', why: 'not a valid file:// URI' }
  }
  if (!isInside(resolve(path), resolve(recordingsDir))) return { kind: 'invalid', why: `a file:// recording must be inside the recordings folder ${recordingsDir}` }
  return { kind: 'local', path: resolve(path) }
}

/** The real path of a local recording, or undefined when it is missing, not a file, or a link leads out of the folder. */
export async function openableRecording(uri: string, recordingsDir: string): Promise<string | undefined> {
  const where = locateRecording(uri, recordingsDir)
  if (where.kind !== 'local') return undefined
  try {
    const [file, dir] = await Promise.all([realpath(where.path), realpath(recordingsDir)])
    return isInside(file, dir) && (await stat(file)).isFile() ? file : undefined
  } catch {
    return undefined
  }
}

function isInside(path: string, dir: string): boolean {
  const inside = relative(dir, path)
  return inside !== '' && !inside.startsWith('..') && !inside.startsWith(sep) && !inside.includes(`${sep}..${sep}`)
}
