/** A recogniser: 16 kHz mono speech in, timed words out. Implementations live beside this file. */

export interface RecognizedWord {
  text: string
  /** From the start of the samples given. */
  startMs: number
  endMs: number
}

export interface AsrEngine {
  /** Recorded with each Transcript (`asr.engine`, `asr.model`). */
  readonly engine: string
  readonly model: string
  /** How many windows one `recognize` call should carry: they are decoded together. */
  readonly batchSize: number
  /** Words of each window (≤ 30 s of 16 kHz mono), in the order given. */
  recognize(windows: readonly Float32Array[]): Promise<RecognizedWord[][]>
  /** Peak resident memory of the recogniser's own process, when it has one (KiB). */
  peakMemoryKb(): number | undefined
  close(): Promise<void>
}

export const SAMPLE_RATE = 16_000
