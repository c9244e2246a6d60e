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
 * Defaults chosen on MNIST with the `cluster` benchmark: 10,000 test digits, HOG features as in
 * bench/cluster.ts, labels used only to score. What was measured (seeds 1–3):
 *  - UMAP with 15 neighbours, minDist 0, cosine, PCA to 50 first, then k-means with k chosen by
 *    silhouette from 2 to 15: ACC 0.978–0.980, NMI 0.943–0.947, k = 10 every time. 10 neighbours
 *    gave 0.979–0.980, 30 gave 0.979: no reason to leave the usual 15.
 *  - A second UMAP to 10 dimensions for the clustering: k-means 0.979, HDBSCAN 0.979 for any
 *    minClusterSize from 100 to 400; no better than k-means on the layout, for a second UMAP
 *    (+27 s at 10,000 points, minutes at 70,000). Hence clusterDims 2.
 *  - HDBSCAN on the 2-D layout with minSamples 10 split digits (13–23 clusters, ACC 0.81–0.86 for
 *    minClusterSize 50–200); with minSamples 25, 10–12 clusters, ACC 0.93–0.98. DBSCAN with eps
 *    from the knee: 0.967–0.969 with minSamples 25–50. Hence minSamples 25.
 *  - PCA to 50 before the exact neighbour search: 2.4–3 s for the search against 65 s on 1,296
 *    HOG values, and the 15 nearest neighbours shared the label 95.9 % of the time after it.
 *    Cosine (unit rows) beat Euclidean on that measure for pixels (85.1 % against 83.0 % on 5,000
 *    digits) and HOG (88.3 % against 87.8 %).
 *  - Pixels instead of HOG: k-means 0.60–0.87, k chosen 6–9, as UMAP joins 4/7/9 and 3/5/8: the
 *    features limit it, not these settings.
 * On all 70,000 digits the same defaults gave ACC 0.985–0.986, NMI 0.956–0.958. End to end
 * (HOG included) that took 201 s with a peak RSS of 1.46 GB on 2 cores: PCA 12 s, the exact
 * neighbour search on 2 threads 44 s, UMAP 128 s (graph, spectral start, 200 epochs), k-means
 * with k chosen 6 s. With the search in one thread and umap-js's own epochs it took 372–436 s.
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
