/**
 * UMAP (McInnes, Healy & Melville 2018) with umap-js 1.4's arithmetic, seeded, with the engine's
 * exact kNN.
 *
 * The layout optimisation is umap-js's, bit for bit, rewritten on typed arrays (umap-epochs.ts);
 * its a and b come from umap-js's own curve fit. Around it, deliberately:
 *  - The neighbours come from the engine's exact allKnn, not umap-js's NN-descent, so every
 *    index and clustering in the engine sees the same neighbours.
 *  - The fuzzy graph is built in typed arrays (umap-graph.ts) with umap-js's arithmetic: its own
 *    SparseMatrix, a Map keyed by "row:col" strings, took 6.5 s for 10,000 points against ~0.1 s
 *    here, and the process peaked at 660 MB with it against 195 MB without. It also builds a
 *    search graph for transform(), never used here. So its initializeFit is not used; the umap
 *    test checks the result is bit-identical to initializeFit + step() from the same neighbours,
 *    from its random start and from our spectral one.
 *  - The start is the reference's spectral layout (umap-spectral.ts), not umap-js's uniform
 *    random one; `init: 'random'` restores umap-js's. On 10,000 MNIST digits (pixels, Euclidean,
 *    15 neighbours, k-means with k = 10 on the layout) NMI went from 0.78–0.81 to 0.81–0.82.
 *  - The epochs run one at a time, yielding to the event loop every YIELD_MS, so progress is
 *    reported and an AbortSignal is honoured.
 *  - metric 'cosine' scales the rows to unit length and takes Euclidean neighbours: for unit
 *    vectors ‖a − b‖² = 2(1 − cos), so the neighbours are the cosine neighbours and only the
 *    distances' scale differs from the reference's cosine distances.
 *
 * Speed (Node 20, one core of a shared 2-core machine; MNIST HOG → unit rows → PCA 50, 15
 * neighbours, 200 epochs):
 *   10,000 points: neighbours 2.4–3 s, graph + spectral start ~0.6 s, epochs ~13 s with umap-js's
 *   step(); ours are 1.1–1.6× faster at this size (umap-epochs.ts).
 *   70,000 points: neighbours 125–150 s (exact, quadratic), graph ~2 s, spectral start ~22 s,
 *   epochs 150–250 s with umap-js's step() (0.75–1.25 s each, depending on what else the machine
 *   runs). On a graph of the same size (umap-epochs.ts) ours took 0.44–0.58 s an epoch where
 *   umap-js took 1.11–1.15 s, which puts the 200 epochs at roughly 90–115 s; most of that is
 *   Math.pow, kept for the bits.
 * umap-js's NN-descent on the same 10,000 × 50 rows took 2.9 s (recall 0.993) against 3.5 s
 * exact; at 70,000 it would avoid the quadratic search.
 */
import { seededRandom } from '../random'
import type { KnnResult, Matrix } from '../search/types'
import { defaultEpochs, fuzzyGraph, sampledEdges } from './umap-graph'
import { UmapError, checkKnn, neighbours, normaliseRows } from './umap-knn'
import { createEpochs, curveParams, randomLayout } from './umap-epochs'
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
  const layout = init === 'spectral' ? flatten(spectralLayout(graph, nComponents, random, signal), nComponents) : randomLayout(n, nComponents, random)
  const { head, tail, epochsPerSample } = sampledEdges(graph, epochs)
  const { a, b } = curveParams(minDist)
  const optimiser = createEpochs({ embedding: layout, dim: nComponents, head, tail, epochsPerSample, nEpochs: epochs, a, b, random })
  onProgress?.('graph', 1, 1)
  signal?.throwIfAborted()

  let last = performance.now()
  for (let epoch = 0; epoch < epochs; ) {
    epoch = optimiser.step()
    if (performance.now() - last >= YIELD_MS || epoch === epochs) {
      onProgress?.('optimise', epoch, epochs)
      await new Promise((resolve) => setImmediate(resolve))
      signal?.throwIfAborted()
      last = performance.now()
    }
  }

  const embedding = Float32Array.from(layout)
  return { embedding, knnSeconds, optimiseSeconds: (performance.now() - t1) / 1000 }
}

function flatten(rows: number[][], dim: number): Float64Array {
  const out = new Float64Array(rows.length * dim)
  rows.forEach((row, i) => out.set(row, i * dim))
  return out
}

function checkOptions(matrix: Matrix, nNeighbors: number, minDist: number, nComponents: number, nEpochs: number | undefined, metric: string): void {
  if (!Number.isInteger(nNeighbors) || nNeighbors < 2) {
    throw new UmapError(`nNeighbors must be a whole number ≥ 2 (it counts the point itself), not ${nNeighbors}; 15 is the usual choice.`)
  }
  if (matrix.rows < 3) throw new UmapError(`UMAP needs at least 3 points; this set has ${matrix.rows}. Add more items.`)
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
