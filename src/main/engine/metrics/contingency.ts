/**
 * The contingency table of a clustering against known groups, which every external metric reads.
 * Labels are taken as they are: noise (−1) is one more cluster here, as scikit-learn would take it.
 */
import { distinct, encode } from './labels'
import { MetricsError } from './types'

export interface Contingency {
  /** Cluster labels, ascending: −1 first when there is noise. */
  clusters: number[]
  /** Group labels present, ascending. */
  groups: number[]
  /** Points in cluster i and group j at [i · groups.length + j]. */
  table: Int32Array
}

export function contingency(labels: Int32Array, groups: Int32Array): Contingency {
  if (labels.length !== groups.length) {
    throw new MetricsError(`There are ${labels.length} cluster labels and ${groups.length} known groups. Pass one of each per point, in the same order.`)
  }
  if (labels.length === 0) throw new MetricsError('There are no points to compare. Cluster a non-empty dataset first.')
  const clusters = distinct(labels)
  const groupValues = distinct(groups)
  const rows = encode(labels, clusters)
  const cols = encode(groups, groupValues)
  const g = groupValues.length
  const table = new Int32Array(clusters.length * g)
  for (let i = 0; i < rows.length; i++) table[rows[i]! * g + cols[i]!]!++
  return { clusters, groups: groupValues, table }
}

/** Row sums (points per cluster) and column sums (points per group). */
export function margins({ clusters, groups, table }: Contingency): { perCluster: Float64Array; perGroup: Float64Array } {
  const g = groups.length
  const perCluster = new Float64Array(clusters.length)
  const perGroup = new Float64Array(g)
  for (let i = 0; i < clusters.length; i++) {
    for (let j = 0; j < g; j++) {
      perCluster[i]! += table[i * g + j]!
      perGroup[j]! += table[i * g + j]!
    }
  }
  return { perCluster, perGroup }
}
