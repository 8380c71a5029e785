import type { Writable } from 'node:stream'

/**
 * Buffers small writes into large ones and waits when the consumer is slow, so printing 10,000 scorecards a second
 * costs a few syscalls and memory stays bounded when stdout is a pipe into a slower program.
 */
export class BufferedWriter {
  private chunks: string[] = []
  private size = 0

  constructor(
    private readonly out: Writable,
    private readonly highWaterMark = 1 << 16,
  ) {}

  async write(text: string): Promise<void> {
    this.chunks.push(text)
    this.size += text.length
    if (this.size >= this.highWaterMark) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.size === 0) return
    const text = this.chunks.join('')
    this.chunks = []
    this.size = 0
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve))
  }
}
