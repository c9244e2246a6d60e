/**
 * Every quality metric of one clustering in one plain object, which is what a clustering run
 * stores: numbers, arrays and strings only, so it goes to JSON and back unchanged. A metric that
 * does not apply is null, with the reason beside it rather than an exception, because a run with a
 * single cluster is still a result worth keeping.
 */
import { accuracy } from './accuracy'
import { ari, nmi } from './agreement'
import { contingency } from './contingency'
import { calinskiHarabasz, daviesBouldin } from './dispersion'
import { checkPoints, clusteredRows, distinct, internalProblem } from './labels'
import { silhouette } from './silhouette'
import { type LongWork, type Matrix, MetricsError, NOISE } from './types'

export interface QualityOptions extends LongWork {
  /** Silhouette scores a random sample of this many points when more are clustered. */
  sampleAbove?: number
  /** Seed of that sample. */
  seed?: number
}

export interface ClusterQuality {
  points: number
  /** Clusters, noise not counted. */
  clusters: number
  noise: number
  silhouette: number | null
  silhouetteSampled: boolean
  /** Points the silhouette scored (0 when skipped). */
  silhouetteN: number
  silhouetteByCluster: { cluster: number; mean: number }[]
  daviesBouldin: number | null
  calinskiHarabasz: number | null
  /** Why an internal metric is null. */
  internalSkipped: string | null
  nmi: number | null
  ari: number | null
  acc: number | null
  /** [cluster, group] pairs of the accuracy matching. */
  accMapping: [number, number][]
  contingency: { clusters: number[]; groups: number[]; table: number[] } | null
  /** Why the external metrics are null. */
  externalSkipped: string | null
}

export function clusterQuality(matrix: Matrix, labels: Int32Array, groups: Int32Array | null, options: QualityOptions = {}): ClusterQuality {
  const { sampleAbove = 10_000, seed = 0 } = options
  checkPoints('Cluster quality', matrix, labels)
  const clustered = clusteredRows(labels).length
  const clusters = distinct(labels).filter((l) => l !== NOISE).length
  const noise = labels.length - clustered
  const report: ClusterQuality = {
    points: labels.length,
    clusters,
    noise,
    silhouette: null,
    silhouetteSampled: false,
    silhouetteN: 0,
    silhouetteByCluster: [],
    daviesBouldin: null,
    calinskiHarabasz: null,
    internalSkipped: internalProblem('Silhouette, Davies–Bouldin and Calinski–Harabasz each', clusters, clustered, noise),
    nmi: null,
    ari: null,
    acc: null,
    accMapping: [],
    contingency: null,
    externalSkipped: !groups
      ? 'No known groups: the dataset has no labels to compare the clusters with.'
      : clusters === 0
        ? 'No clusters: every item is noise, so there is nothing to compare with the groups (an ACC of 0 would say less than this).'
        : null
  }
  if (!report.internalSkipped) {
    report.daviesBouldin = daviesBouldin(matrix, labels)
    report.calinskiHarabasz = calinskiHarabasz(matrix, labels)
    try {
      const s = silhouette(matrix, labels, { sample: sampleAbove, seed, signal: options.signal, onProgress: options.onProgress })
      report.silhouette = s.mean
      report.silhouetteSampled = s.sampled
      report.silhouetteN = s.n
      report.silhouetteByCluster = s.clusters.map((cluster, i) => ({ cluster, mean: s.perCluster[i]! }))
    } catch (e) {
      // Only a sample can miss a cluster the full data has; anything else is a real failure.
      if (!(e instanceof MetricsError)) throw e
      report.internalSkipped = e.message
    }
  }
  if (groups && clusters > 0) {
    const table = contingency(labels, groups)
    const matched = accuracy(labels, groups)
    report.nmi = nmi(labels, groups)
    report.ari = ari(labels, groups)
    report.acc = matched.acc
    report.accMapping = [...matched.mapping]
    report.contingency = { clusters: table.clusters, groups: table.groups, table: Array.from(table.table) }
  }
  return report
}
