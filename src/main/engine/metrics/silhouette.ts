/**
 * Silhouette coefficient, Euclidean, as scikit-learn's `silhouette_samples` and `silhouette_score`,
 * with two deliberate differences:
 *
 * - Noise (label −1) is left out on both sides: its points get no score and count in no cluster's
 *   distances. scikit-learn would treat −1 as one more cluster, but noise is not a cluster, and a
 *   scattered "cluster" would drag every b(i) down.
 * - `sample` keeps scikit-learn's `sample_size` meaning (score a random subset of the clustered
 *   points, with distances only among the subset), but draws the subset with the engine's seeded
 *   generator. A sampled mean therefore differs from scikit-learn's sampled value for the same
 *   number, and equals scikit-learn's silhouette_score on the same subset.
 */
import { checkPoints, clusteredRows, encodeClusters, internalProblem } from './labels'
import { silhouetteValues } from './silhouette-pass'
import { seededRandom } from '../random'
import { type LongWork, type Matrix, MetricsError } from './types'

export interface SilhouetteOptions extends LongWork {
  /** Score a random subset of this many clustered points when there are more. */
  sample?: number
  /** Seed of the subset; 0 when not given. */
  seed?: number
}

export interface SilhouetteResult {
  /** Mean silhouette over the scored points, in [−1, 1]. */
  mean: number
  /** Label of each cluster that had scored points, ascending; perCluster follows this order. */
  clusters: number[]
  /** Mean silhouette of each cluster's scored points. */
  perCluster: Float64Array
  /** Silhouette of every matrix row, NaN for noise; only when every clustered point was scored. */
  perPoint?: Float32Array
  /** Whether a subset was scored. */
  sampled: boolean
  /** Points scored. */
  n: number
}

export function silhouette(matrix: Matrix, labels: Int32Array, options: SilhouetteOptions = {}): SilhouetteResult {
  checkPoints('silhouette', matrix, labels)
  const clustered = clusteredRows(labels)
  const sampled = options.sample !== undefined && checkSample(options.sample) < clustered.length
  const rows = sampled ? sampleRows(clustered, options.sample!, options.seed ?? 0) : clustered
  const clustering = encodeClusters(labels, rows)
  const problem = internalProblem('silhouette', clustering.clusters.length, rows.length, labels.length - clustered.length)
  if (problem) throw new MetricsError(sampled ? `${problem} (Scored a sample of ${rows.length} points: a larger sample may help.)` : problem)

  const values = silhouetteValues({ data: matrix.data, cols: matrix.cols, ...clustering }, options)
  const k = clustering.clusters.length
  const perCluster = new Float64Array(k)
  let sum = 0
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!
    perCluster[clustering.codes[i]!]! += values[i]!
  }
  for (let c = 0; c < k; c++) perCluster[c]! /= clustering.sizes[c]!
  const result: SilhouetteResult = { mean: sum / values.length, clusters: clustering.clusters, perCluster, sampled, n: rows.length }
  if (!sampled) {
    const perPoint = new Float32Array(matrix.rows).fill(NaN)
    for (let i = 0; i < rows.length; i++) perPoint[rows[i]!] = values[i]!
    result.perPoint = perPoint
  }
  return result
}

function checkSample(sample: number): number {
  if (!Number.isInteger(sample) || sample < 2) {
    throw new MetricsError(`silhouette: sample must be a whole number of at least 2 points, not ${sample}. Leave it out to score every point.`)
  }
  return sample
}

/**
 * `size` of `rows`, by a partial Fisher–Yates shuffle, returned ascending so the distance pass
 * walks memory forwards. scripts/fixtures/make-metrics-fixtures.py repeats this draw exactly.
 */
export function sampleRows(rows: Int32Array, size: number, seed: number): Int32Array {
  const pool = Int32Array.from(rows)
  const random = seededRandom(seed)
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i))
    const t = pool[i]!
    pool[i] = pool[j]!
    pool[j] = t
  }
  return pool.slice(0, size).sort()
}
