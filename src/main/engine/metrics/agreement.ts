/**
 * Normalised mutual information and the adjusted Rand index between a clustering and known
 * groups, as scikit-learn 1.2's `normalized_mutual_info_score` (arithmetic mean of the entropies,
 * its default) and `adjusted_rand_score`. Noise (−1) is one more cluster here, as scikit-learn
 * would take it, rather than being left out: dropping it would flatter a method that declines to
 * place the hard points.
 */
import { contingency, margins } from './contingency'

const EPS = 2 ** -52

export function nmi(labels: Int32Array, groups: Int32Array): number {
  const table = contingency(labels, groups)
  const k = table.clusters.length
  const g = table.groups.length
  // Neither side splits the data: a perfect match.
  if (k === 1 && g === 1) return 1
  // One side has zero entropy, so the mutual information is 0.
  if (k === 1 || g === 1) return 0
  const { perCluster, perGroup } = margins(table)
  const n = labels.length
  const logN = Math.log(n)
  let mi = 0
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < g; j++) {
      const v = table.table[i * g + j]!
      if (v === 0) continue
      const term = (v / n) * (Math.log(v) + logN - Math.log(perCluster[i]!) - Math.log(perGroup[j]!))
      // scikit-learn zeroes terms below machine epsilon, so independent labels give exactly 0.
      if (Math.abs(term) >= EPS) mi += term
    }
  }
  if (mi <= 0) return 0
  return mi / ((entropy(perCluster, n) + entropy(perGroup, n)) / 2)
}

function entropy(counts: Float64Array, n: number): number {
  let h = 0
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n)
  return h
}

/**
 * Adjusted Rand index from the pair confusion matrix. The products reach n⁴, past the integers a
 * double holds exactly, and their difference can be small, so they are taken in BigInt.
 */
export function ari(labels: Int32Array, groups: Int32Array): number {
  const table = contingency(labels, groups)
  const { perCluster, perGroup } = margins(table)
  const n = labels.length
  let sumSquares = 0
  for (const v of table.table) sumSquares += v * v
  const squares = (v: Float64Array): number => v.reduce((s, x) => s + x * x, 0)
  // Pairs together in both, in the clustering only, in the groups only, and in neither.
  const tp = BigInt(sumSquares - n)
  const fp = BigInt(squares(perCluster) - sumSquares)
  const fn = BigInt(squares(perGroup) - sumSquares)
  const tn = BigInt(n * n) - fp - fn - BigInt(sumSquares)
  if (fp === 0n && fn === 0n) return 1
  const numerator = 2n * (tp * tn - fn * fp)
  const denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn)
  return Number(numerator) / Number(denominator)
}
