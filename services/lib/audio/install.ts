import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { UserError } from '../errors.js'

const run = promisify(execFile)

async function has(command: string): Promise<boolean> {
  try {
    await run(command, ['-version'])
    return true
  } catch {
    return false
  }
}

/**
 * ffmpeg comes from Debian's package. As root on a Debian-like system it is installed here (CI machines start
 * without it); anyone else is told the one command to run.
 */
export async function ensureFfmpeg(say: (line: string) => void): Promise<void> {
  if ((await has('ffmpeg')) && (await has('ffprobe'))) return
  const root = process.getuid?.() === 0
  if (!root) throw new UserError('ffmpeg is not installed: run `sudo apt-get install ffmpeg` (or your system\'s equivalent), then try again')
  say('安装 ffmpeg（Debian 软件包） / installing ffmpeg from Debian packages')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'ffmpeg'], { env, maxBuffer: 64 << 20 })
  try {
    await install()
  } catch {
    // A fresh machine may have no package lists yet.
    await run('apt-get', ['update', '-q'], { env, maxBuffer: 64 << 20 })
    await install()
  }
  if (!(await has('ffmpeg'))) throw new UserError('ffmpeg was installed but cannot be run')
}
