/**
 * Davies–Bouldin and Calinski–Harabasz indices, Euclidean, as scikit-learn 1.2's
 * `davies_bouldin_score` and `calinski_harabasz_score`, except that noise (label −1) is left out
 * first: noise is not a cluster, and its spread would count as one cluster's scatter.
 */
import { type Clustering, checkPoints, clusteredRows, encodeClusters, internalProblem } from './labels'
import { type Matrix, MetricsError } from './types'

/** Lower is better; 0 when every cluster is a single repeated point. */
export function daviesBouldin(matrix: Matrix, labels: Int32Array): number {
  const clustering = prepare('Davies–Bouldin', matrix, labels)
  const { data, cols } = matrix
  const { rows, codes, sizes } = clustering
  const k = sizes.length
  const centres = centroids(matrix, clustering)
  const spread = new Float64Array(k)
  for (let i = 0; i < rows.length; i++) {
    const c = codes[i]!
    spread[c]! += Math.sqrt(squaredDistance(data, rows[i]! * cols, centres, c * cols, cols))
  }
  for (let c = 0; c < k; c++) spread[c]! /= sizes[c]!
  const between = new Float64Array(k * k)
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) between[a * k + b] = Math.sqrt(squaredDistance(centres, a * cols, centres, b * cols, cols))
  }
  // scikit-learn's np.allclose(x, 0): every entry within 1e-8 of zero.
  const allZero = (v: Float64Array): boolean => v.every((x) => Math.abs(x) <= 1e-8)
  if (allZero(spread) || allZero(between)) return 0
  let sum = 0
  for (let a = 0; a < k; a++) {
    let worst = 0
    for (let b = 0; b < k; b++) {
      // Coinciding centres count as infinitely far apart, as in scikit-learn, so the pair scores 0.
      const d = between[a * k + b]!
      if (d !== 0) worst = Math.max(worst, (spread[a]! + spread[b]!) / d)
    }
    sum += worst
  }
  return sum / k
}

/** Higher is better; 1 when there is no scatter inside the clusters, as scikit-learn. */
export function calinskiHarabasz(matrix: Matrix, labels: Int32Array): number {
  const clustering = prepare('Calinski–Harabasz', matrix, labels)
  const { data, cols } = matrix
  const { rows, codes, sizes } = clustering
  const k = sizes.length
  const centres = centroids(matrix, clustering)
  const mean = new Float64Array(cols)
  for (const r of rows) for (let d = 0; d < cols; d++) mean[d]! += data[r * cols + d]!
  for (let d = 0; d < cols; d++) mean[d]! /= rows.length
  let between = 0
  for (let c = 0; c < k; c++) between += sizes[c]! * squaredDistance(centres, c * cols, mean, 0, cols)
  let within = 0
  for (let i = 0; i < rows.length; i++) within += squaredDistance(data, rows[i]! * cols, centres, codes[i]! * cols, cols)
  return within === 0 ? 1 : (between * (rows.length - k)) / (within * (k - 1))
}

function prepare(metric: string, matrix: Matrix, labels: Int32Array): Clustering {
  checkPoints(metric, matrix, labels)
  const rows = clusteredRows(labels)
  const clustering = encodeClusters(labels, rows)
  const problem = internalProblem(metric, clustering.clusters.length, rows.length, labels.length - rows.length)
  if (problem) throw new MetricsError(problem)
  return clustering
}

/**
 * Cluster means, k × cols, summed in double: a cluster of one repeated float32 point then has that
 * point as its mean exactly, so its scatter is exactly 0, as scikit-learn finds on the same values.
 */
function centroids({ data, cols }: Matrix, { rows, codes, sizes }: Clustering): Float64Array {
  const centres = new Float64Array(sizes.length * cols)
  for (let i = 0; i < rows.length; i++) {
    const at = codes[i]! * cols
    const from = rows[i]! * cols
    for (let d = 0; d < cols; d++) centres[at + d]! += data[from + d]!
  }
  for (let c = 0; c < sizes.length; c++) for (let d = 0; d < cols; d++) centres[c * cols + d]! /= sizes[c]!
  return centres
}

function squaredDistance(x: ArrayLike<number>, ox: number, y: ArrayLike<number>, oy: number, cols: number): number {
  let s = 0
  for (let d = 0; d < cols; d++) {
    const t = x[ox + d]! - y[oy + d]!
    s += t * t
  }
  return s
}
