/**
 * The clustering stage of a run: k-means (k given or chosen by silhouette), DBSCAN (eps given or
 * read off the k-distance curve's knee) or HDBSCAN, on the space the reduction stages chose.
 */
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
}

export interface Clustered {
  labels: Int32Array
  nClusters: number
  chosen: { k?: KChoice; eps?: EpsChoice }
}

/** Points on the k-distance curve in high dimensions, where each costs a scan of all points. */
const EPS_SAMPLE_HIGH_DIM = 2000

export async function clusterStage(space: Matrix, params: PipelineParams, clock: StageClock, signal?: AbortSignal): Promise<Clustered> {
  const c = params.cluster
  const seed = params.seed
  if (c.algo === 'kmeans') {
    if (c.k === 'auto') {
      const { result, choice } = await clock.run('cluster', 'k-means, choosing k', (progress) => kmeansAuto(space, { seed, signal, onProgress: progress }))
      return { labels: result.labels, nClusters: result.nClusters, chosen: { k: choice } }
    }
    const k = c.k
    const result = await clock.run('cluster', `k-means, k = ${k}`, (progress) => kmeans(space, k, { seed, signal, onProgress: progress }))
    return { labels: result.labels, nClusters: result.nClusters, chosen: {} }
  }
  if (c.algo === 'dbscan') {
    let chosen: Clustered['chosen'] = {}
    let eps: number
    if (c.eps === 'auto') {
      const sample = space.cols > KD_TREE_MAX_DIM && space.rows > EPS_SAMPLE_HIGH_DIM ? EPS_SAMPLE_HIGH_DIM : undefined
      const curve = await clock.run('eps', 'k-distance curve', (progress) =>
        kDistanceCurve(space, kForMinSamples(c.minSamples), { sample, seed, signal, onProgress: progress })
      )
      const knee = chooseEps(curve)
      eps = knee.eps
      chosen = { eps: { eps, curve: curve.display.distances, kneeIndex: nearestRank(curve.display.ranks, knee.kneeIndex), sampled: curve.sampled } }
    } else {
      eps = c.eps
    }
    const result = await clock.run('cluster', 'DBSCAN', (progress) => dbscan(space, { eps, minSamples: c.minSamples, signal, onProgress: progress }))
    return { labels: result.labels, nClusters: result.nClusters, chosen }
  }
  if (c.algo === 'hdbscan') {
    const result = await clock.run('cluster', 'HDBSCAN', (progress) =>
      hdbscan(space, { minClusterSize: c.minClusterSize, minSamples: c.minSamples, signal, onProgress: progress })
    )
    return { labels: result.labels, nClusters: result.nClusters, chosen: {} }
  }
  throw new Error(`There is no clustering algorithm "${String(c.algo)}"; use kmeans, dbscan or hdbscan.`)
}

/** Index of the displayed point nearest the knee's rank on the full curve. */
function nearestRank(ranks: number[], rank: number): number {
  let best = 0
  for (let i = 1; i < ranks.length; i++) if (Math.abs(ranks[i]! - rank) < Math.abs(ranks[best]! - rank)) best = i
  return best
}
