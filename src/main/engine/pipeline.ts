/**
 * One clustering run, start to finish, as the app's run service and the `cluster` benchmark
 * execute it: post-processing → (PCA before UMAP) → 2-D layout → clustering space → clustering
 * (with k or eps chosen when asked) → metrics. Pure: no store, no files; the caller may pass a
 * StageCache so layouts survive between runs that change only the clustering.
 */
import { clusterQuality, type ClusterQuality } from './metrics'
import { applyPost, parsePostSteps } from './post'
import type { KChoice } from './cluster/kmeans-auto'
import { clusterStage, type EpsChoice } from './pipeline-cluster'
import type { StageCache } from './pipeline-cache'
import { reduce } from './pipeline-reduce'
import { StageClock, type StageCallback } from './pipeline-stages'
import type { Matrix } from './search/types'

export type { StageCache } from './pipeline-cache'
export type { KChoice } from './cluster/kmeans-auto'
export type { EpsChoice } from './pipeline-cluster'

export interface PipelineParams {
  /** Post-processing steps text ('zscore,pca=50'), '' for none. */
  post: string
  reduce: {
    method: 'umap' | 'pca' | 'none'
    nNeighbors: number
    minDist: number
    metric: 'euclidean' | 'cosine'
    /** PCA to this many components before UMAP's neighbour search, or null. */
    pcaBefore: number | null
    /** Components of the space clustered: 2 is the layout itself; more is a second UMAP (or PCA). */
    clusterDims: number
  }
  cluster: {
    algo: 'kmeans' | 'dbscan' | 'hdbscan'
    on: 'reduced' | 'features'
    k: number | 'auto'
    eps: number | 'auto'
    minSamples: number
    minClusterSize: number
  }
  seed: number
}

/**
 * Defaults chosen on MNIST with the `cluster` benchmark (10,000 test digits, no labels used but
 * for scoring): see the comment in bench/cluster.ts for the measurements.
 */
export const DEFAULT_PIPELINE: PipelineParams = {
  post: '',
  reduce: { method: 'umap', nNeighbors: 15, minDist: 0, metric: 'cosine', pcaBefore: 50, clusterDims: 2 },
  cluster: { algo: 'kmeans', on: 'reduced', k: 'auto', eps: 'auto', minSamples: 10, minClusterSize: 100 },
  seed: 1
}

export interface PipelineOptions {
  onStage?: StageCallback
  signal?: AbortSignal
  cache?: StageCache
  /** What identifies the input matrix for the cache (a feature set and its version); without it nothing is cached. */
  inputKey?: string
}

export interface PipelineResult {
  /** n × 2, row-major. */
  layout: Float32Array
  labels: Int32Array
  nClusters: number
  noiseFraction: number
  chosen: { k?: KChoice; eps?: EpsChoice }
  metrics: ClusterQuality
  /** Seconds per stage: post, pca, knn, layout, embedding, eps, cluster, metrics (those that ran). */
  timings: Record<string, number>
  notes: string[]
}

/** Silhouette scores at most this many points (quadratic work); in more than 64 dimensions, fewer. */
const SILHOUETTE_SAMPLE = 10_000
const SILHOUETTE_SAMPLE_HIGH_DIM = 3_000

export async function runPipeline(matrix: Matrix, groups: Int32Array | null, params: PipelineParams, options: PipelineOptions = {}): Promise<PipelineResult> {
  const { signal } = options
  if (matrix.rows < 3) throw new Error(`Clustering needs at least 3 items; there ${matrix.rows === 1 ? 'is' : 'are'} ${matrix.rows}. Add more items.`)
  if (groups && groups.length !== matrix.rows) throw new Error(`There are ${groups.length} group labels for ${matrix.rows} items; pass one per row, or null.`)
  const clock = new StageClock(options.onStage, signal)
  const steps = parsePostSteps(params.post)
  const features = steps.length === 0 ? matrix : await clock.run('post', 'Post-processing', (progress) => applyPost(matrix, steps, { signal, onProgress: progress }))

  const { layout, space } = await reduce({ features, params, clock, cache: options.cache, inputKey: options.inputKey ?? null, signal })
  const { labels, nClusters, chosen } = await clusterStage(space, params, clock, signal)
  if (chosen.k?.sampled) clock.notes.push(`k chosen by silhouette on a sample of ${chosen.k.sampleSize.toLocaleString('en')} points, then fitted on all.`)
  if (chosen.eps?.sampled) clock.notes.push('eps read from the k-distance curve of a sample of the points.')

  const sampleAbove = space.cols > 64 ? SILHOUETTE_SAMPLE_HIGH_DIM : SILHOUETTE_SAMPLE
  const metrics = await clock.run('metrics', 'Metrics', (progress) =>
    clusterQuality(space, labels, groups, { sampleAbove, seed: params.seed, signal, onProgress: progress })
  )
  if (metrics.silhouetteSampled) clock.notes.push(`Silhouette on a sample of ${metrics.silhouetteN.toLocaleString('en')} points.`)
  clock.notes.push(`Internal metrics measured in the clustering space (${describeSpace(params, space.cols)}).`)
  let noise = 0
  for (const l of labels) if (l < 0) noise++
  return { layout, labels, nClusters, noiseFraction: noise / labels.length, chosen, metrics, timings: clock.timings, notes: clock.notes }
}

function describeSpace(params: PipelineParams, cols: number): string {
  const { reduce: r, cluster } = params
  if (cluster.on === 'features' || r.method === 'none') return `the ${params.post ? 'post-processed ' : ''}features, ${cols}-D`
  return `${r.method === 'umap' ? 'UMAP' : 'PCA'}, ${cols}-D`
}
