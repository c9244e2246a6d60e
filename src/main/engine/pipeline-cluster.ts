/**
 * The clustering stage of a run: k-means (k given or chosen by silhouette), DBSCAN (eps given or
 * read off the k-distance curve's knee) or HDBSCAN, on the space the reduction stages chose.
 */
import { autoClusterSizes } from './cluster/auto-sizes'
import { dbscan } from './cluster/dbscan'
import { hdbscan } from './cluster/hdbscan'
import { chooseEps, kDistanceCurve, kForMinSamples } from './cluster/k-distance'
import { kmeans } from './cluster/kmeans'
import { kmeansAuto, type KChoice } from './cluster/kmeans-auto'
import type { PipelineParams } from './pipeline'
import type { StageClock } from './pipeline-stages'
import { KD_TREE_MAX_DIM } from './search/build-index'
import type { Matrix } from './search/types'

export interface EpsChoice {
  eps: number
  /** The k-distance curve, descending, thinned to at most 1,000 points for display. */
  curve: number[]
  /** Where the knee is on `curve`. */
  kneeIndex: number
  sampled: boolean
  reason: string
}

export interface Clustered {
  labels: Int32Array
  nClusters: number
  chosen: { k?: KChoice; eps?: EpsChoice; sizes?: ClusterSizesChoice }
  /** The values DBSCAN or HDBSCAN ran with, given or chosen. */
  used: { minSamples?: number; minClusterSize?: number; eps?: number }
}

export interface ClusterSizesChoice {
  minSamples: number
  minClusterSize: number | null
  reason: string
}

/** The minimum sizes a run uses: the settings' own, or those scaled to the items where "auto". */
function sizesFor(c: PipelineParams['cluster'], n: number): { minSamples: number; minClusterSize: number; chosen?: ClusterSizesChoice } {
  const auto = autoClusterSizes(n)
  const minSamples = c.minSamples === 'auto' ? auto.minSamples : c.minSamples
  // A given min samples larger than the scaled cluster size would make that size meaningless.
  const minClusterSize = c.minClusterSize === 'auto' ? Math.max(auto.minClusterSize, minSamples) : c.minClusterSize
  const usesSize = c.algo === 'hdbscan'
  if (c.minSamples !== 'auto' && !(usesSize && c.minClusterSize === 'auto')) return { minSamples, minClusterSize }
  const parts = [
    ...(usesSize ? [`min cluster size ${minClusterSize}${c.minClusterSize === 'auto' ? '' : ' (as given)'}`] : []),
    `min samples ${minSamples}${c.minSamples === 'auto' ? '' : ' (as given)'}`
  ]
  return { minSamples, minClusterSize, chosen: { minSamples, minClusterSize: usesSize ? minClusterSize : null, reason: `${parts.join(', ')}. ${auto.reason}` } }
}

/** Points on the k-distance curve in high dimensions, where each costs a scan of all points. */
const EPS_SAMPLE_HIGH_DIM = 2000

export async function clusterStage(space: Matrix, params: PipelineParams, clock: StageClock, signal?: AbortSignal): Promise<Clustered> {
  const c = params.cluster
  const seed = params.seed
  if (c.algo === 'kmeans') {
    if (c.k === 'auto') {
      const { result, choice } = await clock.run('cluster', 'k-means, choosing k', (progress) => kmeansAuto(space, { seed, signal, onProgress: progress }))
      return { labels: result.labels, nClusters: result.nClusters, chosen: { k: choice }, used: {} }
    }
    const k = c.k
    const result = await clock.run('cluster', `k-means, k = ${k}`, (progress) => kmeans(space, k, { seed, signal, onProgress: progress }))
    return { labels: result.labels, nClusters: result.nClusters, chosen: {}, used: {} }
  }
  const sizes = sizesFor(c, space.rows)
  const { minSamples, minClusterSize } = sizes
  if (c.algo === 'dbscan') {
    let chosen: Clustered['chosen'] = sizes.chosen ? { sizes: sizes.chosen } : {}
    let eps: number
    if (c.eps === 'auto') {
      const sample = space.cols > KD_TREE_MAX_DIM && space.rows > EPS_SAMPLE_HIGH_DIM ? EPS_SAMPLE_HIGH_DIM : undefined
      const curve = await clock.run('eps', 'k-distance curve', (progress) =>
        kDistanceCurve(space, kForMinSamples(minSamples), { sample, seed, signal, onProgress: progress })
      )
      const knee = chooseEps(curve)
      eps = knee.eps
      const reason = `eps ${eps.toPrecision(3)} is the knee of the curve of each point's distance to its k-th nearest other point (k = min samples − 1 = ${kForMinSamples(minSamples)})${curve.sampled ? ', on a sample' : ''}: ` +
        'past it the distances climb steeply, so points beyond it lie outside every dense region.'
      chosen = { ...chosen, eps: { eps, curve: curve.display.distances, kneeIndex: nearestRank(curve.display.ranks, knee.kneeIndex), sampled: curve.sampled, reason } }
    } else {
      eps = c.eps
    }
    const result = await clock.run('cluster', 'DBSCAN', (progress) => dbscan(space, { eps, minSamples, signal, onProgress: progress }))
    return { labels: result.labels, nClusters: result.nClusters, chosen, used: { minSamples, eps } }
  }
  if (c.algo === 'hdbscan') {
    const result = await clock.run('cluster', 'HDBSCAN', (progress) =>
      hdbscan(space, { minClusterSize, minSamples, signal, onProgress: progress })
    )
    return { labels: result.labels, nClusters: result.nClusters, chosen: sizes.chosen ? { sizes: sizes.chosen } : {}, used: { minSamples, minClusterSize } }
  }
  throw new Error(`There is no clustering algorithm "${String(c.algo)}"; use kmeans, dbscan or hdbscan.`)
}

/** Index of the displayed point nearest the knee's rank on the full curve. */
function nearestRank(ranks: number[], rank: number): number {
  let best = 0
  for (let i = 1; i < ranks.length; i++) if (Math.abs(ranks[i]! - rank) < Math.abs(ranks[best]! - rank)) best = i
  return best
}
