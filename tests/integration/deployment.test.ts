import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * What a centre deploys, checked without a Docker engine: the image's build followed step by step in a clean folder
 * (only what the Dockerfile copies, its npm steps, its entry point), and docker-compose.yml loaded by compose-go,
 * the library Docker Compose v2 is built on (tests/compose), with and without the variables it requires.
 */

interface DockerStep {
  instruction: string
  args: string
}

function dockerSteps(): DockerStep[] {
  return readFileSync('Dockerfile', 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/)
      return { instruction: instruction!.toUpperCase(), args: rest.join(' ') }
    })
}

describe('the image', () => {
  it("builds from exactly what the Dockerfile copies, and its entry point answers `help`", () => {
    const app = mkdtempSync(join(tmpdir(), 'callqa-image-'))
    const ignored = new Set(readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim()).filter(Boolean))
    // The packages come from npm's cache (~/.npm) when it has them, as a CI builder's layer cache would have them.
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', npm_config_prefer_offline: 'true' }
    // Steps that need the image's system (apt) or fetch the speech models are left out: `npm test` runs setup itself.
    const skipped: string[] = []
    let entrypoint: string[] = []
    for (const { instruction, args } of dockerSteps()) {
      if (instruction === 'COPY') {
        const parts = args.split(' ')
        const target = join(app, parts.pop()!)
        for (const source of parts) {
          expect(existsSync(source), `COPY ${source}: no such file in the repository`).toBe(true)
          const to = target.endsWith('/') ? join(target, basename(source)) : target
          mkdirSync(join(to, '..'), { recursive: true })
          cpSync(source, to, { recursive: true, filter: (path) => !ignored.has(basename(path)) })
        }
      } else if (instruction === 'ENV') {
        for (const [, name, value] of args.matchAll(/(\w+)=(\S+)/g)) env[name!] = value!
      } else if (instruction === 'RUN') {
        if (!args.startsWith('npm ')) {
          skipped.push(args)
          continue
        }
        const run = spawnSync('sh', ['-c', args], { cwd: app, env, encoding: 'utf8', timeout: 600_000 })
        expect(run.status, `RUN ${args}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`).toBe(0)
      } else if (instruction === 'ENTRYPOINT') {
        entrypoint = JSON.parse(args) as string[]
      }
    }
    expect(skipped).toEqual([expect.stringMatching(/^apt-get /), 'node dist/services/cli/main.js setup'])
    expect(existsSync(join(app, 'dist', 'dashboards', 'web', 'index.html')), 'the web UI is in the image').toBe(true)
    const help = spawnSync(entrypoint[0]!, [...entrypoint.slice(1), 'help'], { cwd: app, env: { ...env, CALLQA_LANG: 'en' }, encoding: 'utf8' })
    expect(help.status, help.stderr).toBe(0)
    expect(help.stdout).toMatch(/callqa worker/)
    expect(help.stdout).toMatch(/callqa serve/)
  }, 900_000)
})

const GO_CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'callqa', 'go')

/** tests/compose built once per version of its sources, its Go modules cached under ~/.cache/callqa/go. */
function composeCheck(): string {
  const dir = join(process.cwd(), 'tests', 'compose')
  const hash = createHash('sha256')
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(dir, file)))
  const binary = join(GO_CACHE, 'bin', `compose-check-${hash.digest('hex').slice(0, 16)}`)
  if (!existsSync(binary)) {
    execFileSync('go', ['build', '-o', binary, '.'], {
      cwd: dir,
      env: { ...process.env, GOMODCACHE: join(GO_CACHE, 'mod'), GOCACHE: join(GO_CACHE, 'build'), GOPATH: join(GO_CACHE, 'path'), GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly' },
      stdio: 'inherit',
    })
  }
  return binary
}

interface ComposeService {
  command: string[] | null
  build?: { context: string; dockerfile: string }
  environment: Record<string, string | null>
  volumes?: Array<{ type: string; source: string; target: string; read_only?: boolean }>
  ports?: Array<{ target: number; published: string }>
  depends_on?: Record<string, { condition: string }>
  healthcheck?: { test: string[] }
}

const REQUIRED = {
  CLICKHOUSE_PASSWORD: 'a-clickhouse-password',
  CALLQA_API_SECRET: 'x'.repeat(40),
  INGEST_TOKEN: 'recorders-token-0123',
}

function loadCompose(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !(k in REQUIRED)))
  return spawnSync(composeCheck(), ['docker-compose.yml'], { env: { ...clean, ...env }, encoding: 'utf8' })
}

describe('docker-compose.yml', () => {
  it('refuses to start without each secret it needs, naming it', () => {
    for (const name of Object.keys(REQUIRED)) {
      const rest = Object.fromEntries(Object.entries(REQUIRED).filter(([k]) => k !== name))
      const loaded = loadCompose(rest)
      expect(loaded.status, name).toBe(1)
      expect(loaded.stderr).toContain(`required variable ${name} is missing a value: set ${name}`)
    }
  }, 300_000)

  it('is a valid project: Kafka keeps its data in its volume, topics are not auto-created, the workspace is served', () => {
    const loaded = loadCompose(REQUIRED)
    expect(loaded.status, loaded.stderr).toBe(0)
    const { services } = JSON.parse(loaded.stdout) as { services: Record<string, ComposeService> }
    expect(Object.keys(services).sort()).toEqual(['clickhouse', 'ingest', 'kafka', 'scorer', 'serve', 'sink', 'transcriber'])

    const kafka = services.kafka!
    const data = kafka.volumes!.find((v) => v.type === 'volume' && v.source === 'kafka')!.target
    expect(kafka.environment.KAFKA_LOG_DIRS).toBe(data)
    expect(kafka.environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false')

    const ours = Object.entries(services).filter(([, s]) => s.build !== undefined)
    for (const [name, service] of ours) {
      expect(service.build!.context, name).toBe(process.cwd())
      expect(service.environment.CLICKHOUSE_PASSWORD, name).toBe(REQUIRED.CLICKHOUSE_PASSWORD)
      expect(Number(service.environment.KAFKA_PARTITIONS), name).toBeLessThanOrEqual(Number(kafka.environment.KAFKA_NUM_PARTITIONS))
    }
    expect(services.clickhouse!.environment.CLICKHOUSE_PASSWORD).toBe(REQUIRED.CLICKHOUSE_PASSWORD)

    const serve = services.serve!
    expect(serve.command).toEqual(['serve'])
    expect(serve.environment.CALLQA_API_SECRET).toBe(REQUIRED.CALLQA_API_SECRET)
    expect(serve.environment.API_HOST).toBe('0.0.0.0')
    expect(serve.ports!.map((p) => p.target)).toEqual([Number(serve.environment.API_PORT)])
    expect(serve.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${serve.environment.API_PORT}/`)
    expect(serve.volumes).toContainEqual(expect.objectContaining({ source: 'recordings', target: serve.environment.RECORDINGS_DIR, read_only: true }))
  }, 300_000)

  it("starts every callqa service with a command the CLI knows", () => {
    const { services } = JSON.parse(loadCompose(REQUIRED).stdout) as { services: Record<string, ComposeService> }
    for (const [name, service] of Object.entries(services)) {
      if (service.build === undefined) continue
      const help = spawnSync(process.execPath, ['dist/services/cli/main.js', ...service.command!, '--help'], { encoding: 'utf8', env: { ...process.env, CALLQA_LANG: 'en' } })
      expect(help.status, `${name}: callqa ${service.command!.join(' ')} --help\n${help.stderr}`).toBe(0)
    }
  }, 120_000)
})
