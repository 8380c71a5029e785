import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { UserError } from '../errors.js'

const run = promisify(execFile)

/** Whether `command args…` runs at all. */
export async function runs(command: string, args: readonly string[]): Promise<boolean> {
  try {
    await run(command, [...args])
    return true
  } catch {
    return false
  }
}

/**
 * Tools callqa takes from Debian's packages (ffmpeg, and chromium for the browser tests). As root on a Debian-like
 * system the package is installed here (CI machines start without it); anyone else is told the one command to run.
 */
export async function ensureDebianPackage(pkg: string, check: () => Promise<boolean>, say: (line: string) => void): Promise<void> {
  if (await check()) return
  if (process.getuid?.() !== 0) throw new UserError(`${pkg} is not installed: run \`sudo apt-get install ${pkg}\` (or your system's equivalent), then try again`)
  say(`安装 ${pkg}（Debian 软件包） / installing ${pkg} from Debian packages`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => run('apt-get', ['install', '-y', '-q', '--no-install-recommends', pkg], { env, maxBuffer: 64 << 20 })
  try {
    await install()
  } catch {
    // A fresh machine may have no package lists yet.
    await run('apt-get', ['update', '-q'], { env, maxBuffer: 64 << 20 })
    await install()
  }
  if (!(await check())) throw new UserError(`${pkg} was installed but cannot be run`)
}
