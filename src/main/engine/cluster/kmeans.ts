/**
 * k-means (Lloyd) through ml-kmeans 7 with k-means++ starts, seeded, restarted: each restart i
 * starts from seed + i and the one with the lowest inertia (sum of squared distances to the
 * centroids) wins, as scikit-learn's n_init does.
 *
 * ml-kmeans takes rows as number[][]. It only reads them by index, so it gets Float32Array views
 * of the matrix rows instead of copies: a float32 read into double arithmetic gives the same sums
 * as a float64 copy, and 70,000 × 784 features stay one buffer rather than 440 MB more. (Its
 * k-means++ still copies the rows into an ml-matrix once per start; the copy is dropped after.)
 *
 * ml-kmeans's `tolerance` is on the squared distance a centroid moves; an emptied cluster keeps
 * its old centroid and stays empty, so a result may have fewer than k clusters (`nClusters`).
 */
import { kmeansGenerator } from 'ml-kmeans'
import type { LongWork, Matrix } from '../search/types'
import { checkMatrix } from '../search/checks'

export interface KmeansOptions extends LongWork {
  seed: number
  /** Starts from seed, seed + 1, …; the lowest inertia wins. Default 4. */
  restarts?: number
  /** Lloyd iterations per start. Default 300, as scikit-learn. */
  maxIterations?: number
  /** Stop when no centroid moves by more than this squared distance. Default 1e-6. */
  tolerance?: number
}

export interface KmeansResult {
  /** Cluster of each row, 0 … nClusters − 1, numbered in order of first appearance. */
  labels: Int32Array
  nClusters: number
  /** nClusters × cols, row-major, in label order. */
  centroids: Float32Array
  inertia: number
  iterations: number
  converged: boolean
  /** Which start won (0-based); its seed was seed + restart. */
  restart: number
}

export class KmeansError extends Error {
  override name = 'KmeansError'
}

export function kmeans(matrix: Matrix, k: number, options: KmeansOptions): KmeansResult {
  const { seed, restarts = 4, maxIterations = 300, tolerance = 1e-6, signal, onProgress } = options
  checkMatrix(matrix)
  if (!Number.isInteger(k) || k < 1) throw new KmeansError(`k must be a whole number ≥ 1, not ${k}; choose "auto" to pick it by silhouette.`)
  if (k > matrix.rows) throw new KmeansError(`k = ${k} clusters were asked for, but there are only ${matrix.rows} points. Use a smaller k or add more data.`)
  if (!Number.isInteger(restarts) || restarts < 1) throw new KmeansError(`restarts must be a whole number ≥ 1, not ${restarts}.`)
  if (!Number.isInteger(seed)) throw new KmeansError(`The seed must be a whole number, not ${seed}.`)
  const rows = rowViews(matrix)
  let best: KmeansResult | null = null
  for (let r = 0; r < restarts; r++) {
    signal?.throwIfAborted()
    let last: { clusters: number[]; centroids: number[][]; converged: boolean; iterations: number } | undefined
    for (const step of kmeansGenerator(rows, k, { seed: seed + r, maxIterations, tolerance, initialization: 'kmeans++' })) {
      signal?.throwIfAborted()
      last = step
    }
    if (!last) throw new KmeansError('k-means ran no iteration; maxIterations must be at least 1.')
    const result = summarise(matrix, last.clusters, r, last)
    if (!best || result.inertia < best.inertia) best = result
    onProgress?.(r + 1, restarts)
  }
  return best!
}

/** Each row as a Float32Array view of the matrix, typed as the number[][] ml-kmeans declares. */
export function rowViews(matrix: Matrix): number[][] {
  const { data, rows, cols } = matrix
  return Array.from({ length: rows }, (_, i) => data.subarray(i * cols, (i + 1) * cols)) as unknown as number[][]
}

/**
 * Labels renumbered by first appearance (empty clusters dropped), and the centroids and inertia of
 * those labels: ml-kmeans's last centroids are one update ahead of its last labels.
 */
function summarise(matrix: Matrix, clusters: number[], restart: number, state: { converged: boolean; iterations: number }): KmeansResult {
  const { data, rows, cols } = matrix
  const code = new Map<number, number>()
  const labels = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    let c = code.get(clusters[i]!)
    if (c === undefined) code.set(clusters[i]!, (c = code.size))
    labels[i] = c
  }
  const k = code.size
  const sums = new Float64Array(k * cols)
  const counts = new Float64Array(k)
  for (let i = 0; i < rows; i++) {
    const c = labels[i]!
    counts[c]!++
    for (let d = 0; d < cols; d++) sums[c * cols + d]! += data[i * cols + d]!
  }
  for (let c = 0; c < k; c++) for (let d = 0; d < cols; d++) sums[c * cols + d]! /= counts[c]!
  let inertia = 0
  for (let i = 0; i < rows; i++) {
    const base = labels[i]! * cols
    for (let d = 0; d < cols; d++) {
      const t = data[i * cols + d]! - sums[base + d]!
      inertia += t * t
    }
  }
  return { labels, nClusters: k, centroids: Float32Array.from(sums), inertia, iterations: state.iterations, converged: state.converged, restart }
}
