/**
 * k-means with k chosen from the mean silhouette over a range of k.
 *
 * The plain rule, the k of the highest silhouette, collapses onto super-groups: on a 2-D UMAP
 * layout, two islands that each hold several groups score higher as two clusters than as their
 * groups, and a folder of colour drawings and line art came out as k = 2. So k is read from the
 * curve's peaks instead (`chooseFromCurve`): of the k whose silhouette beats both neighbours, the
 * largest within PEAK_TOLERANCE of the best that also rises PEAK_PROMINENCE above the lowest score
 * between the best and itself. A real group split in two makes no such peak (its halves score
 * low), while a level of finer groups under the super-groups does, past a deep dip; a flat curve
 * that only wobbles (300 digits: 0.60–0.65 from k = 4 to 15) has no prominent later peak and
 * keeps its best. The other peaks are kept as alternatives that the user can run with one click.
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
  /** PEAK_TOLERANCE by default; 0 keeps only the best peak. */
  tolerance?: number
}

export interface KChoice {
  k: number
  /** Mean silhouette of each k tried (a k whose fit left fewer than two clusters is left out). */
  scores: { k: number; silhouette: number }[]
  sampled: boolean
  /** Points the choice was made on. */
  sampleSize: number
  /** How k was read from the scores, in a sentence. */
  reason: string
  /** The curve's other peaks, best first. */
  alternatives: number[]
}

/** How far below the best silhouette a peak at a larger k may be and still be chosen. */
export const PEAK_TOLERANCE = 0.1
/** How far such a peak must rise above the lowest score between the best and itself. */
export const PEAK_PROMINENCE = 0.05

/**
 * The k read off a silhouette curve: the largest peak within `tolerance` of the best score that
 * rises PEAK_PROMINENCE above the dip between the best and itself, with the reason and the other
 * peaks. A peak beats its neighbours (an end of the range counts when it beats its one neighbour);
 * ties go to the smaller k.
 */
export function chooseFromCurve(scores: readonly { k: number; silhouette: number }[], tolerance = PEAK_TOLERANCE): { k: number; reason: string; alternatives: number[] } {
  if (scores.length === 0) throw new KmeansError('There are no silhouette scores to choose k from.')
  const s = scores.map((x) => x.silhouette)
  const peaks: number[] = []
  for (let i = 0; i < s.length; i++) {
    const left = i === 0 || s[i]! > s[i - 1]!
    const right = i === s.length - 1 || s[i]! >= s[i + 1]!
    if (left && right) peaks.push(i)
  }
  let best = 0
  for (let i = 1; i < s.length; i++) if (s[i]! > s[best]!) best = i
  if (!peaks.includes(best)) peaks.push(best)
  const dip = (i: number): number => Math.min(...s.slice(Math.min(best, i), Math.max(best, i) + 1))
  const within = peaks.filter((i) => i === best || (i > best && s[i]! >= s[best]! - tolerance && s[i]! - dip(i) >= PEAK_PROMINENCE))
  const chosen = Math.max(...within)
  const fmt = (i: number): string => `k = ${scores[i]!.k} (${s[i]!.toFixed(2)})`
  const later = peaks.some((i) => i > best)
  const reason = chosen === best
    ? later
      ? `k = ${scores[chosen]!.k} has the highest silhouette, ${s[best]!.toFixed(2)}; no peak at a larger k is within ${tolerance} of it ` +
        `and ${PEAK_PROMINENCE} above the dip before it.`
      : `k = ${scores[chosen]!.k} has the highest silhouette, ${s[best]!.toFixed(2)}.`
    : `k = ${scores[chosen]!.k} is the largest peak of the silhouette curve within ${tolerance} of the best, ${fmt(best)}, ` +
      `rising ${(s[chosen]! - dip(chosen)).toFixed(2)} above the dip before it: fewer clusters would join groups that stand apart at the finer level.`
  const alternatives = peaks.filter((i) => i !== chosen).sort((a, b) => s[b]! - s[a]! || a - b).map((i) => scores[i]!.k)
  return { k: scores[chosen]!.k, reason, alternatives }
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
  const fits = new Map<number, KmeansResult>()
  for (let k = kMin; k <= kMax; k++) {
    const fit = kmeans(subset, k, { seed, restarts, maxIterations, signal })
    if (fit.nClusters >= 2) {
      const score = silhouette(subset, fit.labels, { signal }).mean
      scores.push({ k, silhouette: score })
      if (!sampled) fits.set(k, fit)
    }
    onProgress?.(k - kMin + 1, total)
    await new Promise((resolve) => setImmediate(resolve))
    signal?.throwIfAborted()
  }
  if (scores.length === 0) throw new KmeansError(`No k from ${kMin} to ${kMax} gave two or more clusters: the points may all be identical. Give k directly.`)
  const { k, reason, alternatives } = chooseFromCurve(scores, options.tolerance)
  const result = fits.get(k) ?? kmeans(matrix, k, { seed, restarts, maxIterations, signal })
  onProgress?.(total, total)
  return { result, choice: { k, scores, sampled, sampleSize: subset.rows, reason, alternatives } }
}

function takeRows(matrix: Matrix, rows: Int32Array): Matrix {
  const { data, cols } = matrix
  const out = new Float32Array(rows.length * cols)
  rows.forEach((r, i) => out.set(data.subarray(r * cols, (r + 1) * cols), i * cols))
  return { data: out, rows: rows.length, cols }
}
