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
  recognize(samples: Float32Array): Promise<RecognizedWord[]>
  /** Peak resident memory of the recogniser's own process, when it has one (KiB). */
  peakMemoryKb(): number | undefined
  close(): Promise<void>
}

export const SAMPLE_RATE = 16_000
