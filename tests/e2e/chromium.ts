import { execFile } from 'node:child_process'
import { ensureDebianPackage, runs } from '../../services/lib/system/debian.js'

/**
 * Debian's chromium, installed on first use (as root), for playwright-core to drive headless; with a Chinese font,
 * or the screenshots show boxes where the UI's text should be.
 */
export async function ensureChromium(): Promise<string> {
  const path = '/usr/bin/chromium'
  const say = (line: string) => process.stderr.write(`${line}\n`)
  await ensureDebianPackage('chromium', () => runs(path, ['--headless', '--no-sandbox', '--version']), say)
  await ensureDebianPackage('fonts-wqy-microhei', hasChineseFont, say)
  return path
}

function hasChineseFont(): Promise<boolean> {
  return new Promise((resolve) => execFile('fc-list', [':lang=zh', 'family'], (err, out) => resolve(!err && out.trim() !== '')))
}
