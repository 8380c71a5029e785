import type { CliIo } from './io.js'

/** A one-line progress bar on stderr, redrawn at most twice a second; silent when stderr is not a terminal. */
export class ProgressBar {
  private readonly started = Date.now()
  private lastDraw = 0

  constructor(
    private readonly io: Pick<CliIo, 'stderr'>,
    private readonly total: number,
    private readonly label: string,
  ) {}

  /** `note`: a few words after the count (what else is going on). */
  update(done: number, force = false, note = ''): void {
    if (!this.io.stderr.isTTY) return
    const now = Date.now()
    if (!force && now - this.lastDraw < 500) return
    this.lastDraw = now
    const width = 24
    const filled = this.total > 0 ? Math.round((done / this.total) * width) : width
    const elapsed = (now - this.started) / 1000
    const eta = done > 0 && done < this.total ? ` ~${clock((elapsed / done) * (this.total - done))}` : ''
    this.io.stderr.write(`\r${this.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${this.total} ${clock(elapsed)}${eta}${note ? `  ${note}` : ''}  `)
  }

  finish(): void {
    if (this.io.stderr.isTTY) this.io.stderr.write('\r\x1b[K')
  }
}

export function clock(seconds: number): string {
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}
