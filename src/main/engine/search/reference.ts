/**
 * Plain brute-force search, the ground truth for the tests and the benchmarks: every distance
 * by the reference sum, no pruning and no algebra. Quadratic; for small inputs only.
 */
import { squaredDistance } from './checks'
import type { KnnResult, Matrix } from './types'

/** Indices within `radius` of `query` (offset qOff in qData), ascending. */
export function bruteRange(matrix: Matrix, qData: Float32Array, qOff: number, radius: number): number[] {
  const { data, rows, cols } = matrix
  const out: number[] = []
  for (let j = 0; j < rows; j++) {
    let s = 0
    for (let d = 0; d < cols; d++) {
      const x = data[j * cols + d]! - qData[qOff + d]!
      s += x * x
    }
    if (Math.sqrt(s) <= radius) out.push(j)
  }
  return out
}

/** The k nearest of point i, i left out, by (distance, index). */
export function bruteKnnOf(matrix: Matrix, i: number, k: number): KnnResult {
  const { data, rows, cols } = matrix
  const all: { j: number; s: number }[] = []
  for (let j = 0; j < rows; j++) if (j !== i) all.push({ j, s: squaredDistance(data, j * cols, i * cols, cols) })
  all.sort((a, b) => a.s - b.s || a.j - b.j)
  const best = all.slice(0, k)
  return { indices: Int32Array.from(best, (c) => c.j), distances: Float32Array.from(best, (c) => Math.sqrt(c.s)) }
}
