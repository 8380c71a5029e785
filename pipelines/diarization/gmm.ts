/*
 * Diagonal-covariance Gaussian mixtures over feature frames, fitted by EM: one per speaker, to re-label every frame
 * of the call once the windows are clustered. Pure and deterministic (initialised from evenly spaced frames).
 */

export interface Gmm {
  dims: number
  weights: Float64Array
  means: Float64Array
  variances: Float64Array
  /** Per component: log weight − ½ Σ log(2π σ²), precomputed for scoring. */
  constants: Float64Array
}

const VARIANCE_FLOOR = 1e-2
const LOG_2PI = Math.log(2 * Math.PI)

/** Row indices into `data` (rows of `dims` values) → a mixture of up to `components` Gaussians. */
export function fitGmm(data: Float32Array, dims: number, rows: readonly number[], components: number, iterations = 8): Gmm {
  const k = Math.max(1, Math.min(components, Math.floor(rows.length / (dims * 2)) || 1))
  const gmm: Gmm = { dims, weights: new Float64Array(k).fill(1 / k), means: new Float64Array(k * dims), variances: new Float64Array(k * dims), constants: new Float64Array(k) }
  // Global variance for every component, means from frames spread evenly over the rows.
  const globalMean = new Float64Array(dims)
  const globalVar = new Float64Array(dims)
  for (const r of rows) for (let d = 0; d < dims; d++) globalMean[d]! += data[r * dims + d]! / rows.length
  for (const r of rows) for (let d = 0; d < dims; d++) globalVar[d]! += (data[r * dims + d]! - globalMean[d]!) ** 2 / rows.length
  for (let c = 0; c < k; c++) {
    const r = rows[Math.floor(((c + 0.5) * rows.length) / k)] ?? rows[0]!
    for (let d = 0; d < dims; d++) {
      gmm.means[c * dims + d] = data[r * dims + d]!
      gmm.variances[c * dims + d] = Math.max(VARIANCE_FLOOR, globalVar[d]!)
    }
  }
  refresh(gmm)
  const posterior = new Float64Array(k)
  for (let it = 0; it < iterations && rows.length > 0; it++) {
    const n = new Float64Array(k)
    const sum = new Float64Array(k * dims)
    const sq = new Float64Array(k * dims)
    for (const r of rows) {
      componentLogs(gmm, data, r * dims, posterior)
      let max = -Infinity
      for (let c = 0; c < k; c++) max = Math.max(max, posterior[c]!)
      let total = 0
      for (let c = 0; c < k; c++) total += posterior[c] = Math.exp(posterior[c]! - max)
      for (let c = 0; c < k; c++) {
        const p = posterior[c]! / total
        n[c]! += p
        for (let d = 0; d < dims; d++) {
          const x = data[r * dims + d]!
          sum[c * dims + d]! += p * x
          sq[c * dims + d]! += p * x * x
        }
      }
    }
    for (let c = 0; c < k; c++) {
      if (n[c]! < 1e-3) continue
      gmm.weights[c] = n[c]! / rows.length
      for (let d = 0; d < dims; d++) {
        const mean = sum[c * dims + d]! / n[c]!
        gmm.means[c * dims + d] = mean
        gmm.variances[c * dims + d] = Math.max(VARIANCE_FLOOR, sq[c * dims + d]! / n[c]! - mean * mean)
      }
    }
    refresh(gmm)
  }
  return gmm
}

function refresh(gmm: Gmm): void {
  const k = gmm.weights.length
  for (let c = 0; c < k; c++) {
    let logDet = 0
    for (let d = 0; d < gmm.dims; d++) logDet += Math.log(gmm.variances[c * gmm.dims + d]!)
    gmm.constants[c] = Math.log(Math.max(1e-12, gmm.weights[c]!)) - 0.5 * (logDet + gmm.dims * LOG_2PI)
  }
}

function componentLogs(gmm: Gmm, data: Float32Array, at: number, out: Float64Array): void {
  const { dims } = gmm
  for (let c = 0; c < gmm.weights.length; c++) {
    let q = 0
    for (let d = 0; d < dims; d++) {
      const diff = data[at + d]! - gmm.means[c * dims + d]!
      q += (diff * diff) / gmm.variances[c * dims + d]!
    }
    out[c] = gmm.constants[c]! - 0.5 * q
  }
}

/** Log-likelihood of one row under the mixture. */
export function logLikelihood(gmm: Gmm, data: Float32Array, row: number, scratch: Float64Array): number {
  componentLogs(gmm, data, row * gmm.dims, scratch)
  let max = -Infinity
  for (let c = 0; c < gmm.weights.length; c++) max = Math.max(max, scratch[c]!)
  let total = 0
  for (let c = 0; c < gmm.weights.length; c++) total += Math.exp(scratch[c]! - max)
  return max + Math.log(total)
}
