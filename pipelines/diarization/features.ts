/*
 * Cepstral features for telling voices apart: MFCCs over the telephone band, 25 ms frames every 10 ms. Pure.
 * The band is 200–3700 Hz whatever the sample rate, so a wideband recording and its 8 kHz telephone copy give the
 * same features, and nothing depends on energy the line never carried.
 */

export const FRAME_MS = 10
const WINDOW_MS = 25
const FFT_SIZE = 512
const MEL_BANDS = 24
const LOW_HZ = 200
const HIGH_HZ = 3700
/** Cepstral coefficients kept, c1…c{N}; c0 (loudness) is left out, it tells the line's gain, not the voice. */
export const CEPSTRA = 16

export interface Frames {
  /** frames × CEPSTRA, row-major. */
  cepstra: Float32Array
  /** Log energy of each frame (dB), to drop near-silent frames. */
  energyDb: Float32Array
  count: number
}

const melOf = (hz: number) => 2595 * Math.log10(1 + hz / 700)
const hzOf = (mel: number) => 700 * (10 ** (mel / 2595) - 1)

interface Bank {
  rate: number
  window: Float32Array
  /** Per band: first FFT bin and its weights. */
  filters: Array<{ from: number; weights: Float32Array }>
  dct: Float32Array
  cos: Float64Array
  sin: Float64Array
  reversed: Uint16Array
}

const banks = new Map<number, Bank>()

function bankFor(rate: number): Bank {
  const cached = banks.get(rate)
  if (cached) return cached
  const size = Math.round((WINDOW_MS * rate) / 1000)
  const window = Float32Array.from({ length: size }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (size - 1)))
  const edges = Array.from({ length: MEL_BANDS + 2 }, (_, i) => hzOf(melOf(LOW_HZ) + ((melOf(HIGH_HZ) - melOf(LOW_HZ)) * i) / (MEL_BANDS + 1)))
  const bin = (hz: number) => (hz * FFT_SIZE) / rate
  const filters = Array.from({ length: MEL_BANDS }, (_, b) => {
    const [lo, mid, hi] = [bin(edges[b]!), bin(edges[b + 1]!), bin(edges[b + 2]!)]
    const from = Math.ceil(lo)
    const to = Math.floor(hi)
    const weights = new Float32Array(Math.max(0, to - from + 1))
    for (let k = from; k <= to; k++) weights[k - from] = k <= mid ? (k - lo) / (mid - lo) : (hi - k) / (hi - mid)
    return { from, weights }
  })
  const dct = new Float32Array(CEPSTRA * MEL_BANDS)
  for (let c = 0; c < CEPSTRA; c++) for (let b = 0; b < MEL_BANDS; b++) dct[c * MEL_BANDS + b] = Math.cos((Math.PI * (c + 1) * (b + 0.5)) / MEL_BANDS)
  const half = FFT_SIZE / 2
  const cos = Float64Array.from({ length: half }, (_, i) => Math.cos((-2 * Math.PI * i) / FFT_SIZE))
  const sin = Float64Array.from({ length: half }, (_, i) => Math.sin((-2 * Math.PI * i) / FFT_SIZE))
  const bits = Math.log2(FFT_SIZE)
  const reversed = Uint16Array.from({ length: FFT_SIZE }, (_, i) => {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    return r
  })
  const bank = { rate, window, filters, dct, cos, sin, reversed }
  banks.set(rate, bank)
  return bank
}

/** In-place iterative radix-2 FFT of FFT_SIZE points. */
function fft(re: Float64Array, im: Float64Array, bank: Bank): void {
  const n = FFT_SIZE
  for (let i = 0; i < n; i++) {
    const j = bank.reversed[i]!
    if (j > i) {
      ;[re[i], re[j]] = [re[j]!, re[i]!]
      ;[im[i], im[j]] = [im[j]!, im[i]!]
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1
    const step = n / size
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = bank.cos[k * step]!
        const wi = bank.sin[k * step]!
        const a = start + k
        const b = a + half
        const tr = re[b]! * wr - im[b]! * wi
        const ti = re[b]! * wi + im[b]! * wr
        re[b] = re[a]! - tr
        im[b] = im[a]! - ti
        re[a] = re[a]! + tr
        im[a] = im[a]! + ti
      }
    }
  }
}

/** MFCCs of frames `fromFrame` (inclusive) to `toFrame` (exclusive), frame i starting at i × 10 ms. */
export function cepstra(samples: Float32Array, rate: number, fromFrame: number, toFrame: number): Frames {
  const bank = bankFor(rate)
  const hop = Math.round((FRAME_MS * rate) / 1000)
  const size = bank.window.length
  const count = Math.max(0, toFrame - fromFrame)
  const out = new Float32Array(count * CEPSTRA)
  const energyDb = new Float32Array(count)
  const re = new Float64Array(FFT_SIZE)
  const im = new Float64Array(FFT_SIZE)
  const mel = new Float64Array(MEL_BANDS)
  for (let f = 0; f < count; f++) {
    const at = (fromFrame + f) * hop
    re.fill(0)
    im.fill(0)
    let energy = 0
    let mean = 0
    for (let i = 0; i < size; i++) mean += samples[at + i] ?? 0
    mean /= size
    for (let i = 0; i < size; i++) {
      const x = (samples[at + i] ?? 0) - mean
      energy += x * x
      re[i] = x * bank.window[i]!
    }
    energyDb[f] = 10 * Math.log10(energy / size + 1e-12)
    fft(re, im, bank)
    for (let b = 0; b < MEL_BANDS; b++) {
      const { from, weights } = bank.filters[b]!
      let sum = 0
      for (let k = 0; k < weights.length; k++) sum += weights[k]! * (re[from + k]! ** 2 + im[from + k]! ** 2)
      mel[b] = Math.log(sum + 1e-10)
    }
    for (let c = 0; c < CEPSTRA; c++) {
      let sum = 0
      for (let b = 0; b < MEL_BANDS; b++) sum += bank.dct[c * MEL_BANDS + b]! * mel[b]!
      out[f * CEPSTRA + c] = sum
    }
  }
  return { cepstra: out, energyDb, count }
}
