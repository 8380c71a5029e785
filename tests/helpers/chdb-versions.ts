import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

/*
 * ClickHouse versions users run, as the chdb builds PyPI has of them (one Python venv each, cached under
 * ~/.cache/callqa/chdb-py), served over ClickHouse's HTTP interface by tests/clickhouse-versions/chdb_http.py.
 */

export interface ClickHouseVersion {
  /** The ClickHouse release line, as users name it. */
  clickhouse: string
  /**
   * What pip installs, without their other dependencies (pandas and the like, which the HTTP front does not use):
   * chdb, the engine package where chdb ships it apart, and what `import chdb` needs.
   */
  packages: string[]
}

export const CLICKHOUSE_VERSIONS: ClickHouseVersion[] = [
  { clickhouse: '24.8', packages: ['chdb==2.1.1'] },
  { clickhouse: '25.8', packages: ['chdb==3.7.2', 'pyarrow==26.0.1'] },
  { clickhouse: '26.9', packages: ['chdb==4.4.0', 'chdb-core==26.9.0'] },
]

const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'callqa', 'chdb-py')
const SHIM = join(process.cwd(), 'tests', 'clickhouse-versions', 'chdb_http.py')

/** The venv's python for a version, installed on first use; a marker file says which install finished. */
export function chdbPython(v: ClickHouseVersion): string {
  const dir = join(CACHE, v.clickhouse)
  const python = join(dir, 'bin', 'python')
  const done = join(dir, 'complete')
  if (existsSync(done) && readFileSync(done, 'utf8') === v.packages.join('\n')) return python
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(CACHE, { recursive: true })
  execFileSync('python3', ['-m', 'venv', dir], { stdio: 'inherit' })
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', ...v.packages], { stdio: 'inherit' })
  writeFileSync(done, v.packages.join('\n'))
  return python
}

export interface ChdbServer {
  url: string
  /** The engine's own `SELECT version()`. */
  version: string
  stop(): void
}

/** A ClickHouse HTTP endpoint on loopback served by that version's engine, its data in `dir`. */
export async function startChdbServer(v: ClickHouseVersion, dir: string): Promise<ChdbServer> {
  const python = chdbPython(v)
  mkdirSync(dir, { recursive: true })
  const child: ChildProcess = spawn(python, [SHIM, '--path', dir], { env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`the chdb ${v.clickhouse} server exited with ${code}`)))
  })
  const [, port, version] = first.split(' ')
  return { url: `http://127.0.0.1:${port}`, version: version!, stop: () => void child.kill('SIGKILL') }
}
