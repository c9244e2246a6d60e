/**
 * Evaluation of a learned embedding, in plain TypeScript over Float32Array rows (row-major, `dim`
 * columns): triplet accuracy, ROC AUC of pair distances, recall@1, the decision threshold chosen on
 * validation pairs, and the score histograms of similar and dissimilar pairs.
 *
 * Ties count half: a triplet whose positive and negative are equally far, or a similar and a
 * dissimilar pair with equal scores, is a coin toss, so a network that maps everything to one point
 * scores 0.5, not 0 or 1.
 */
import type { Triplets } from './mining'

export function rowEuclidean(emb: Float32Array, dim: number, i: number, j: number): number {
  let s = 0
  for (let d = 0; d < dim; d++) {
    const diff = emb[i * dim + d]! - emb[j * dim + d]!
    s += diff * diff
  }
  return Math.sqrt(s)
}

/** Share of triplets with d(a,p) < d(a,n) (ties count ½). */
export function tripletAccuracy(emb: Float32Array, dim: number, t: Triplets): number {
  if (t.anchor.length === 0) return NaN
  let right = 0
  for (let i = 0; i < t.anchor.length; i++) {
    const dp = rowEuclidean(emb, dim, t.anchor[i]!, t.positive[i]!)
    const dn = rowEuclidean(emb, dim, t.anchor[i]!, t.negative[i]!)
    right += dp < dn ? 1 : dp === dn ? 0.5 : 0
  }
  return right / t.anchor.length
}

/**
 * ROC AUC of scores where higher means "positive" (pass negated distances): the Mann–Whitney
 * probability that a random positive outscores a random negative, ties counting ½ (midranks).
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<number>): number {
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let rankSum = 0
  let positives = 0
  for (let start = 0; start < n; ) {
    let end = start
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++
    const midrank = (start + end) / 2 + 1
    for (let k = start; k <= end; k++) {
      if (positive[order[k]!]) {
        rankSum += midrank
        positives++
      }
    }
    start = end + 1
  }
  const negatives = n - positives
  if (positives === 0 || negatives === 0) return NaN
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/** Share of queries whose nearest gallery row (the query itself excluded) has the query's label. */
export function recallAtOne(emb: Float32Array, dim: number, labels: Int32Array, queries: Int32Array, gallery: Int32Array): number {
  if (queries.length === 0) return NaN
  let hits = 0
  for (const q of queries) {
    let best = -1
    let bestDistance = Infinity
    for (const g of gallery) {
      if (g === q) continue
      const d = rowEuclidean(emb, dim, q, g)
      if (d < bestDistance) {
        bestDistance = d
        best = g
      }
    }
    if (best >= 0 && labels[best] === labels[q]) hits++
  }
  return hits / queries.length
}

export interface ThresholdChoice {
  /** Pairs with distance ≤ threshold are called similar. */
  threshold: number
  accuracy: number
  truePositiveRate: number
  falsePositiveRate: number
}

/**
 * The distance threshold that best separates validation pairs, by accuracy or by Youden's J
 * (TPR − FPR). Candidates are the midpoints between consecutive distinct distances and one below
 * the smallest; the first best wins.
 */
export function chooseThreshold(distances: ArrayLike<number>, same: ArrayLike<number>, criterion: 'accuracy' | 'youden' = 'accuracy'): ThresholdChoice {
  const n = distances.length
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => distances[a]! - distances[b]!)
  let positives = 0
  for (let i = 0; i < n; i++) if (same[i]) positives++
  const negatives = n - positives
  const rate = (k: number, of: number): number => (of === 0 ? 0 : k / of)
  let tp = 0
  let fp = 0
  const first = n > 0 ? distances[sorted[0]!]! - 1 : 0
  let best: ThresholdChoice = { threshold: first, accuracy: rate(negatives, n), truePositiveRate: 0, falsePositiveRate: 0 }
  const score = (c: ThresholdChoice): number => (criterion === 'accuracy' ? c.accuracy : c.truePositiveRate - c.falsePositiveRate)
  for (let k = 0; k < n; k++) {
    if (same[sorted[k]!]) tp++
    else fp++
    const here = distances[sorted[k]!]!
    const next = k + 1 < n ? distances[sorted[k + 1]!]! : here + 1
    if (next === here) continue
    const choice = { threshold: (here + next) / 2, accuracy: (tp + negatives - fp) / n, truePositiveRate: rate(tp, positives), falsePositiveRate: rate(fp, negatives) }
    if (score(choice) > score(best)) best = choice
  }
  return best
}

export interface ScoreHistograms {
  /** bins + 1 edges from min to max. */
  edges: Float64Array
  similar: Int32Array
  dissimilar: Int32Array
}

/** Histograms of the scores of similar and dissimilar pairs on shared bins over [min, max]. */
export function scoreHistograms(scores: ArrayLike<number>, same: ArrayLike<number>, bins: number, range?: [number, number]): ScoreHistograms {
  let [lo, hi] = range ?? [Infinity, -Infinity]
  if (range === undefined) {
    for (let i = 0; i < scores.length; i++) {
      lo = Math.min(lo, scores[i]!)
      hi = Math.max(hi, scores[i]!)
    }
  }
  if (!(hi > lo)) hi = lo + 1
  const edges = Float64Array.from({ length: bins + 1 }, (_, b) => lo + ((hi - lo) * b) / bins)
  const similar = new Int32Array(bins)
  const dissimilar = new Int32Array(bins)
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!
    if (s < lo || s > hi) continue
    const b = Math.min(bins - 1, Math.floor(((s - lo) / (hi - lo)) * bins))
    if (same[i]) similar[b]!++
    else dissimilar[b]!++
  }
  return { edges, similar, dissimilar }
}
