/**
 * k-means with k chosen by the mean silhouette over a range of k.
 *
 * Above `sample` points, k is chosen on a seeded random sample of that many: both the k-means fits
 * and the silhouettes run on the sample, and only the chosen k is then fitted on every point. The
 * silhouette is quadratic in the points scored, and fitting every k on all of 70,000 points would
 * take longer than the rest of a run; a few thousand points place well-separated groups as well.
 */
import { silhouette } from '../metrics'
import { sampleRows } from '../metrics/silhouette'
import type { LongWork, Matrix } from '../search/types'
import { KmeansError, kmeans, type KmeansResult } from './kmeans'

export interface KmeansAutoOptions extends LongWork {
  seed: number
  kMin?: number
  kMax?: number
  /** Choose k on a sample of this many points when there are more. Default 5,000. */
  sample?: number
  restarts?: number
  maxIterations?: number
}

export interface KChoice {
  k: number
  /** Mean silhouette of each k tried (a k whose fit left fewer than two clusters is left out). */
  scores: { k: number; silhouette: number }[]
  sampled: boolean
  /** Points the choice was made on. */
  sampleSize: number
}

export async function kmeansAuto(matrix: Matrix, options: KmeansAutoOptions): Promise<{ result: KmeansResult; choice: KChoice }> {
  const { seed, kMin = 2, sample = 5000, restarts, maxIterations, signal, onProgress } = options
  const n = matrix.rows
  if (n < 3) throw new KmeansError(`Choosing k needs at least 3 points; there ${n === 1 ? 'is' : 'are'} ${n}. Give k directly or add more data.`)
  if (!Number.isInteger(kMin) || kMin < 2) throw new KmeansError(`kMin must be a whole number ≥ 2 (a silhouette needs two clusters), not ${kMin}.`)
  if (!Number.isInteger(sample) || sample < 3) throw new KmeansError(`The sample for choosing k must be a whole number ≥ 3, not ${sample}.`)
  const sampled = n > sample
  const subset = sampled ? takeRows(matrix, sampleRows(Int32Array.from({ length: n }, (_, i) => i), sample, seed)) : matrix
  // A silhouette needs at least one point outside every cluster: k ≤ points − 1.
  const kMax = Math.min(options.kMax ?? 15, subset.rows - 1)
  if (!Number.isInteger(kMax) || kMax < kMin) throw new KmeansError(`kMax must be a whole number ≥ kMin = ${kMin}, not ${options.kMax}; with ${subset.rows} points it can be at most ${subset.rows - 1}.`)

  const total = kMax - kMin + 2
  const scores: KChoice['scores'] = []
  let best: { k: number; silhouette: number; fit: KmeansResult } | null = null
  for (let k = kMin; k <= kMax; k++) {
    const fit = kmeans(subset, k, { seed, restarts, maxIterations, signal })
    if (fit.nClusters >= 2) {
      const score = silhouette(subset, fit.labels, { signal }).mean
      scores.push({ k, silhouette: score })
      // Ties go to the smaller k.
      if (!best || score > best.silhouette) best = { k, silhouette: score, fit }
    }
    onProgress?.(k - kMin + 1, total)
    await new Promise((resolve) => setImmediate(resolve))
    signal?.throwIfAborted()
  }
  if (!best) throw new KmeansError(`No k from ${kMin} to ${kMax} gave two or more clusters: the points may all be identical. Give k directly.`)
  const result = sampled ? kmeans(matrix, best.k, { seed, restarts, maxIterations, signal }) : best.fit
  onProgress?.(total, total)
  return { result, choice: { k: best.k, scores, sampled, sampleSize: subset.rows } }
}

function takeRows(matrix: Matrix, rows: Int32Array): Matrix {
  const { data, cols } = matrix
  const out = new Float32Array(rows.length * cols)
  rows.forEach((r, i) => out.set(data.subarray(r * cols, (r + 1) * cols), i * cols))
  return { data: out, rows: rows.length, cols }
}
