/**
 * What a reader of a run must not miss, each with the setting to change: a result with no
 * clusters, one cluster, or mostly noise looks like a number in a table (ACC 0.000) otherwise.
 */
import type { PipelineParams } from './pipeline'

export interface Outcome {
  n: number
  nClusters: number
  noiseFraction: number
  /** The minimum sizes the run used (DBSCAN, HDBSCAN), and its eps (DBSCAN). */
  minSamples?: number
  minClusterSize?: number
  eps?: number
}

/** Past this share of noise a run is mostly unclustered. */
const MOSTLY_NOISE = 0.5

export function runWarnings(params: PipelineParams, o: Outcome): string[] {
  const algo = params.cluster.algo
  const pct = `${(100 * o.noiseFraction).toFixed(o.noiseFraction < 0.995 ? 0 : 1)} %`
  const fewer = (): string => {
    if (algo === 'hdbscan') return `lower min cluster size (now ${o.minClusterSize}) or min samples (now ${o.minSamples}), or set both to "auto"`
    if (algo === 'dbscan') return `raise eps (now ${o.eps?.toPrecision(3)}) or lower min samples (now ${o.minSamples}), or set eps to "auto"`
    return 'set k'
  }
  if (o.nClusters === 0) {
    return [`Every one of the ${o.n.toLocaleString('en')} items came out as noise, so there are no clusters to measure: ${fewer()}.`]
  }
  const out: string[] = []
  if (o.nClusters === 1) {
    const how = algo === 'kmeans'
      ? 'set k to the number of groups you expect'
      : algo === 'dbscan'
        ? `lower eps (now ${o.eps?.toPrecision(3)}) so that dense regions separate, or try HDBSCAN`
        : `lower min cluster size (now ${o.minClusterSize}) so that smaller groups count, or try K-Means`
    out.push(`All the clustered items fell in one cluster: ${how}.`)
  }
  if (o.noiseFraction > MOSTLY_NOISE) out.push(`${pct} of the items are noise, in no cluster: ${fewer()}.`)
  return out
}
