import type { RunSettings } from '../../shared/types/runs'
/**
 * One clustering run, start to finish, as the app's run service and the `cluster` benchmark
 * execute it: post-processing → (PCA before UMAP) → 2-D layout → clustering space → clustering
 * (with k or eps chosen when asked) → metrics. Pure: no store, no files; the caller may pass a
 * StageCache so layouts survive between runs that change only the clustering.
 */
import { clusterQuality, type ClusterQuality } from './metrics'
import { applyPost, parsePostSteps } from './post'
import type { KChoice } from './cluster/kmeans-auto'
import { clusterStage, type ClusterSizesChoice, type EpsChoice } from './pipeline-cluster'
import { runWarnings } from './run-warnings'
import type { StageCache } from './pipeline-cache'
import { reduce } from './pipeline-reduce'
import { StageClock, type StageCallback } from './pipeline-stages'
import type { Matrix } from './search/types'
import type { NeighbourSearch } from './pipeline-reduce'

export type { NeighbourSearch } from './pipeline-reduce'

export type { StageCache } from './pipeline-cache'
export type { KChoice } from './cluster/kmeans-auto'
export type { ClusterSizesChoice, EpsChoice } from './pipeline-cluster'

/** The settings of one run: the same shape the app stores as a run's settings. */
export type PipelineParams = RunSettings

/**
 * The settings a run gets when the user changes nothing. They were first chosen on MNIST (10,000
 * test digits, labels used only to score); the rules that depend on the data were then measured on
 * the product path (images imported from a folder, the import's HOG) over MNIST, the UCI 8 × 8
 * digits and generated shapes of 40–360 px (`npm run bench -- cluster --data <name>`):
 *  - UMAP with 15 neighbours, minDist 0, cosine, PCA to 50 first: 10 and 30 neighbours gave the
 *    same ACC within 0.001 on MNIST. PCA to 50 before the exact neighbour search: 2.4–3 s for the
 *    search against 65 s on the raw HOG values, with the same share of same-label neighbours.
 *  - Clustering on the 2-D layout itself (clusterDims 2): a second UMAP to 10 dimensions gave the
 *    same ACC for +27 s at 10,000 points and minutes at 70,000.
 *  - K-Means with k read from the silhouette curve's peaks (cluster/kmeans-auto.ts), so that
 *    groups inside super-groups are not collapsed to k = 2.
 *  - DBSCAN's eps from the k-distance knee; DBSCAN's and HDBSCAN's minimum sizes scaled with the
 *    items (cluster/auto-sizes.ts): 100 and 25 at 10,000 items, where HDBSCAN gave 10–12 clusters
 *    and ACC 0.93–0.98 on the layout, and smaller below, where those left the 300-image sample
 *    all noise.
 * The feature set is the import's HOG, its parameters chosen from the images
 * (features/image-defaults.ts).
 */
export const DEFAULT_PIPELINE: PipelineParams = {
  post: '',
  reduce: { method: 'umap', nNeighbors: 15, minDist: 0, metric: 'cosine', pcaBefore: 50, clusterDims: 2 },
  cluster: { algo: 'kmeans', on: 'reduced', k: 'auto', eps: 'auto', minSamples: 'auto', minClusterSize: 'auto' },
  seed: 1
}

export interface PipelineOptions {
  onStage?: StageCallback
  signal?: AbortSignal
  cache?: StageCache
  /** What identifies the input matrix for the cache (a feature set and its version); without it nothing is cached. */
  inputKey?: string
  /**
   * The exact k nearest neighbours of every row for UMAP (allKnn's result); by default allKnn in
   * this thread. The app passes its search over worker threads, which gives the same result.
   */
  neighbours?: NeighbourSearch
}

export interface PipelineResult {
  /** n × 2, row-major. */
  layout: Float32Array
  labels: Int32Array
  nClusters: number
  noiseFraction: number
  chosen: { k?: KChoice; eps?: EpsChoice; sizes?: ClusterSizesChoice }
  metrics: ClusterQuality
  /** Seconds per stage: post, pca, knn, layout, embedding, eps, cluster, metrics (those that ran). */
  timings: Record<string, number>
  notes: string[]
  /** What must not be missed (all noise, one cluster), with the setting to change. */
  warnings: string[]
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
  // Post-processing runs only when a stage needs the features: not when the layouts are cached.
  let features: Promise<Matrix> | null = null
  const postProcessed = (): Promise<Matrix> =>
    (features ??= steps.length === 0 ? Promise.resolve(matrix) : clock.run('post', 'Post-processing', (progress) => applyPost(matrix, steps, { signal, onProgress: progress })))

  const { layout, space } = await reduce({
    features: postProcessed, rows: matrix.rows, params, clock, cache: options.cache, inputKey: options.inputKey ?? null, neighbours: options.neighbours, signal
  })
  const { labels, nClusters, chosen, used } = await clusterStage(space, params, clock, signal)
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
  const noiseFraction = noise / labels.length
  const warnings = runWarnings(params, { n: labels.length, nClusters, noiseFraction, ...used })
  return { layout, labels, nClusters, noiseFraction, chosen, metrics, timings: clock.timings, notes: clock.notes, warnings }
}

function describeSpace(params: PipelineParams, cols: number): string {
  const { reduce: r, cluster } = params
  if (cluster.on === 'features' || r.method === 'none') return `the ${params.post ? 'post-processed ' : ''}features, ${cols}-D`
  return `${r.method === 'umap' ? 'UMAP' : 'PCA'}, ${cols}-D`
}
