// The part of sherpa-onnx-node (a CommonJS native addon without type declarations) that callqa uses.
declare module 'sherpa-onnx-node' {
  interface SileroVadConfig {
    model: string
    threshold: number
    minSpeechDuration: number
    minSilenceDuration: number
    windowSize: number
    maxSpeechDuration: number
  }
  interface VadConfig {
    sileroVad: SileroVadConfig
    sampleRate: number
    numThreads: number
    debug: boolean
  }
  interface SpeechSegment {
    /** First sample, counted from the first sample ever given. */
    start: number
    samples: Float32Array
  }
  interface Vad {
    acceptWaveform(samples: Float32Array): void
    isEmpty(): boolean
    front(): SpeechSegment
    pop(): void
    flush(): void
    reset(): void
  }
  const sherpa: { Vad: new (config: VadConfig, bufferSizeInSeconds: number) => Vad }
  export default sherpa
}
