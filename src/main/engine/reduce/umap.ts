/**
 * UMAP (McInnes, Healy & Melville 2018) through umap-js 1.4, seeded, with the engine's exact kNN.
 *
 * What we do differently from calling umap-js's fit():
 *  - The neighbours come from the engine's exact allKnn (setPrecomputedKNN). umap-js's own
 *    NN-descent over number[][] rows is its slowest step and approximate.
 *  - umap-js then needs X only for its length, so it gets an array of empty rows instead of the
 *    n × d matrix as number[][] (70,000 × 784 doubles would be 440 MB).
 *  - The optimisation runs epoch by epoch (step()), yielding to the event loop between slices of
 *    about YIELD_MS, so progress is reported and an AbortSignal is honoured.
 *  - metric 'cosine' scales the rows to unit length and takes Euclidean neighbours: for unit
 *    vectors ‖a − b‖² = 2(1 − cos), so the neighbours are the cosine neighbours and only the
 *    distances' scale differs from the reference's cosine distances.
 *
 * umap-js internals that set the speed at 10,000–70,000 points:
 *  - the fuzzy graph is built with its SparseMatrix, a Map keyed by "row:col" strings: union,
 *    transpose and product each make another Map of ~n·nNeighbors entries, and a search graph
 *    for transform() (never used here) is built the same way;
 *  - the layout is initialised uniformly at random in [−10, 10]² (the reference uses a spectral
 *    layout), which is why we can replace it (see `init`);
 *  - the epochs (500 for n ≤ 2,500 … 200 above 7,500) each visit every edge due that epoch with
 *    5 negative samples, on number[][] rows with Math.pow: the cost grows as n · nNeighbors.
 * Timings: see below.
 */
import { seededRandom } from '../random'
import type { KnnResult, Matrix } from '../search/types'
import { defaultEpochs, fuzzyGraph, sampledEdges } from './umap-graph'
import { UmapError, checkKnn, neighbours, normaliseRows } from './umap-knn'
import { randomLayout, startOptimiser } from './umap-optimise'
import { spectralLayout } from './umap-spectral'

export { UmapError }

export type UmapStage = 'knn' | 'graph' | 'optimise'

export interface UmapOptions {
  /** Neighbours per point, the point itself included (as the reference counts them). Default 15. */
  nNeighbors?: number
  /** Smallest distance between points in the layout, 0 ≤ minDist ≤ 1. Default 0.1. */
  minDist?: number
  nComponents?: number
  /** Epochs of optimisation; by default umap-js's choice by size (500 … 200). */
  nEpochs?: number
  seed: number
  metric?: 'euclidean' | 'cosine'
  /** Neighbours already computed (allKnn's layout: self excluded, ≥ nNeighbors − 1 per row, same metric). */
  knn?: KnnResult
  /** Starting layout: 'spectral' as the reference UMAP (default), or 'random' as umap-js. */
  init?: 'spectral' | 'random'
  onProgress?: (stage: UmapStage, done: number, total: number) => void
  signal?: AbortSignal
}

export interface UmapResult {
  /** n × nComponents, row-major. */
  embedding: Float32Array
  knnSeconds: number
  optimiseSeconds: number
}

/** Longest stretch of epochs between two yields to the event loop. */
const YIELD_MS = 25

export async function umap(matrix: Matrix, options: UmapOptions): Promise<UmapResult> {
  const { nNeighbors = 15, minDist = 0.1, nComponents = 2, nEpochs, seed, metric = 'euclidean', init = 'spectral', signal, onProgress } = options
  checkOptions(matrix, nNeighbors, minDist, nComponents, nEpochs, metric)
  signal?.throwIfAborted()

  const t0 = performance.now()
  const knn =
    options.knn ??
    neighbours(metric === 'cosine' ? normaliseRows(matrix) : matrix, nNeighbors, { signal, onProgress: (d, t) => onProgress?.('knn', d, t) })
  const knnSeconds = (performance.now() - t0) / 1000

  const t1 = performance.now()
  const n = matrix.rows
  checkKnn(knn, n, nNeighbors)
  onProgress?.('graph', 0, 1)
  const epochs = nEpochs ?? defaultEpochs(n)
  const graph = fuzzyGraph(knn, n, nNeighbors)
  const random = seededRandom(seed)
  const start = init === 'spectral' ? spectralLayout(graph, nComponents, random, signal) : randomLayout(n, nComponents, random)
  const { head, tail, epochsPerSample } = sampledEdges(graph, epochs)
  const model = startOptimiser({ nNeighbors, minDist, nComponents, nEpochs: epochs, random, embedding: start, head, tail, epochsPerSample })
  onProgress?.('graph', 1, 1)
  signal?.throwIfAborted()
  const total = epochs

  let last = performance.now()
  for (let epoch = 0; epoch < total; ) {
    epoch = model.step()
    if (performance.now() - last >= YIELD_MS || epoch === total) {
      onProgress?.('optimise', epoch, total)
      await new Promise((resolve) => setImmediate(resolve))
      signal?.throwIfAborted()
      last = performance.now()
    }
  }

  const rows = model.getEmbedding()
  const embedding = new Float32Array(matrix.rows * nComponents)
  rows.forEach((row, i) => embedding.set(row, i * nComponents))
  return { embedding, knnSeconds, optimiseSeconds: (performance.now() - t1) / 1000 }
}

function checkOptions(matrix: Matrix, nNeighbors: number, minDist: number, nComponents: number, nEpochs: number | undefined, metric: string): void {
  if (!Number.isInteger(nNeighbors) || nNeighbors < 2) {
    throw new UmapError(`nNeighbors must be a whole number ≥ 2 (it counts the point itself), not ${nNeighbors}; 15 is the usual choice.`)
  }
  if (matrix.rows < nNeighbors + 1) {
    throw new UmapError(
      `UMAP with nNeighbors = ${nNeighbors} needs at least ${nNeighbors + 1} points; this set has ${matrix.rows}. Add more items or lower nNeighbors to ${Math.max(2, matrix.rows - 1)} or less.`
    )
  }
  if (!(minDist >= 0 && minDist <= 1)) throw new UmapError(`minDist must be between 0 and 1 (the spread), not ${minDist}; 0.1 is the usual choice, 0 packs clusters tightest.`)
  if (!Number.isInteger(nComponents) || nComponents < 1) throw new UmapError(`nComponents must be a whole number ≥ 1, not ${nComponents}; 2 for a plot.`)
  if (nEpochs !== undefined && (!Number.isInteger(nEpochs) || nEpochs < 1)) {
    throw new UmapError(`nEpochs must be a whole number ≥ 1, not ${nEpochs}; leave it out to let the data size decide.`)
  }
  if (metric !== 'euclidean' && metric !== 'cosine') throw new UmapError(`There is no UMAP metric "${metric}"; use "euclidean" or "cosine".`)
}
