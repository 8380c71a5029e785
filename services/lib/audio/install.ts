import { ensureDebianPackage, runs } from '../system/debian.js'

/** ffmpeg and ffprobe, from Debian's ffmpeg package. */
export async function ensureFfmpeg(say: (line: string) => void): Promise<void> {
  await ensureDebianPackage('ffmpeg', async () => (await runs('ffmpeg', ['-version'])) && (await runs('ffprobe', ['-version'])), say)
}
