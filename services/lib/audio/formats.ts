import { basename, extname } from 'node:path'

/** File types callqa takes as recordings (ingest uploads, `callqa run` folders): what call recorders write. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set(['.wav', '.mp3', '.amr', '.ogg', '.opus', '.m4a', '.aac', '.flac', '.wma', '.webm'])

/** Without a CDR saying otherwise, a recording's call id is its file name without the extension. */
export function callIdOf(path: string): string {
  return basename(path, extname(path))
}
