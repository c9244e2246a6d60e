/**
 * Clustering accuracy (ACC): the share of points whose cluster is matched to their group, under
 * the one-to-one matching of clusters to groups that matches the most points. With more clusters
 * than groups the extra clusters stay unmatched and their points count as wrong; with fewer, some
 * groups go unmatched. Noise points (−1) are never matched, so they count as wrong too: a method
 * that leaves points unexplained does not score better for it.
 */
import { contingency } from './contingency'
import { maxWeightAssignment } from './hungarian'
import { NOISE } from './types'

export interface Accuracy {
  /** Matched points over all points, in [0, 1]. */
  acc: number
  /** Cluster label → group label, for the matched pairs that share at least one point. */
  mapping: Map<number, number>
}

export function accuracy(labels: Int32Array, groups: Int32Array): Accuracy {
  const { clusters, groups: groupValues, table } = contingency(labels, groups)
  const g = groupValues.length
  // Noise sorts first, so leaving it out is dropping the first row.
  const skip = clusters[0] === NOISE ? 1 : 0
  const matched = table.subarray(skip * g)
  const assigned = maxWeightAssignment(matched, clusters.length - skip, g)
  const mapping = new Map<number, number>()
  let hits = 0
  assigned.forEach((j, i) => {
    if (j < 0) return
    const count = matched[i * g + j]!
    hits += count
    if (count > 0) mapping.set(clusters[i + skip]!, groupValues[j]!)
  })
  return { acc: hits / labels.length, mapping }
}
