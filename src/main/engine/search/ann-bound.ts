/**
 * A cheap exact filter for re-ranking: for orthonormal directions u_1 … u_p,
 * Σ_c (u_c·q − u_c·x)² ≤ ‖q − x‖², so a candidate whose sum over a few directions already passes
 * the k-th best distance cannot qualify, and its full distance is never computed. Directions of
 * largest variance make the bound tight: they come from a subspace iteration on a sample of rows
 * (an approximate PCA; the bound holds for any orthonormal directions, so approximate is enough).
 * On MNIST pixels 32 directions hold most of the variance, and the filter costs 32 of 784 columns.
 */
import { checkAborted } from './checks'
import { gaussian, projectRows } from './ann-kernel'
import { seededRandom } from '../random'
import type { LongWork, Matrix } from './types'

export interface LowerBound {
  /** p × dim, orthonormal rows. */
  readonly basis: Float32Array
  readonly p: number
  /** rows × p: the rows' coordinates along the directions. */
  readonly coords: Float32Array
}

/** Directions for `dim` columns: none below 24 columns, where the full distance is cheap anyway. */
export function boundDirections(dim: number): number {
  return dim < 24 ? 0 : dim < 96 ? 8 : 32
}

const SAMPLE_ROWS = 3000
const ITERATIONS = 4

export function lowerBound(matrix: Matrix, seed: number, work: LongWork = {}): LowerBound | null {
  const { data, rows, cols } = matrix
  const p = Math.min(boundDirections(cols), rows)
  if (p === 0) return null
  const random = seededRandom(seed ^ 0x5bd1e995)
  const n = Math.min(rows, SAMPLE_ROWS)
  const step = rows / n
  const sample = new Float64Array(n * cols)
  const mean = new Float64Array(cols)
  for (let s = 0; s < n; s++) {
    const i = Math.floor(s * step)
    for (let d = 0; d < cols; d++) mean[d] = mean[d]! + (sample[s * cols + d] = data[i * cols + d]!) / n
  }
  for (let s = 0; s < n; s++) for (let d = 0; d < cols; d++) sample[s * cols + d] = sample[s * cols + d]! - mean[d]!
  let basis = Float64Array.from({ length: p * cols }, () => gaussian(random))
  orthonormalise(basis, p, cols)
  const scores = new Float64Array(n * p)
  for (let it = 0; it < ITERATIONS; it++) {
    checkAborted(work.signal)
    // scores = sample · basisᵀ, then basis = scoresᵀ · sample: one step of power iteration on the covariance.
    for (let s = 0; s < n; s++) {
      for (let c = 0; c < p; c++) {
        let sum = 0
        for (let d = 0; d < cols; d++) sum += sample[s * cols + d]! * basis[c * cols + d]!
        scores[s * p + c] = sum
      }
    }
    const next = new Float64Array(p * cols)
    for (let s = 0; s < n; s++) {
      for (let c = 0; c < p; c++) {
        const w = scores[s * p + c]!
        for (let d = 0; d < cols; d++) next[c * cols + d] = next[c * cols + d]! + w * sample[s * cols + d]!
      }
    }
    orthonormalise(next, p, cols)
    basis = next
  }
  const basis32 = Float32Array.from(basis)
  return { basis: basis32, p, coords: projectRows(matrix, basis32, p, work) }
}

/** Gram–Schmidt (twice, for stability) on the p rows; a row that vanishes becomes zero, which keeps the bound valid. */
function orthonormalise(v: Float64Array, p: number, cols: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < p; c++) {
      for (let e = 0; e < c; e++) {
        let dot = 0
        for (let d = 0; d < cols; d++) dot += v[c * cols + d]! * v[e * cols + d]!
        for (let d = 0; d < cols; d++) v[c * cols + d] = v[c * cols + d]! - dot * v[e * cols + d]!
      }
      let norm = 0
      for (let d = 0; d < cols; d++) norm += v[c * cols + d]! ** 2
      norm = Math.sqrt(norm)
      for (let d = 0; d < cols; d++) v[c * cols + d] = norm > 1e-12 ? v[c * cols + d]! / norm : 0
    }
  }
}
