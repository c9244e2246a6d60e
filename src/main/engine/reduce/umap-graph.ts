/**
 * UMAP's fuzzy neighbour graph from a kNN result, in typed arrays: the same numbers as umap-js
 * 1.4's fuzzySimplicialSet with setOpMixRatio 1 and localConnectivity 1 (its defaults), and the
 * same edge list its initializeSimplicialSetEmbedding keeps (the umap-graph test compares both).
 *
 * Why not umap-js's own: its SparseMatrix is a Map keyed by "row:col" strings, and the union
 * (sum, transpose, product) walks it with down-levelled iterators: 6.5 s for 10,000 points with
 * 15 neighbours, against ~0.1 s here, and it grows past a GB at 70,000.
 *
 * Deliberate difference: for a point whose neighbours are all at distance 0 (duplicates) umap-js
 * takes the mean of every row's mean distance again for each such point, which is quadratic
 * when a set holds many duplicates; we take that mean once.
 */
import type { KnnResult } from '../search/types'

/** Edges sorted by (row, col), each undirected pair present both ways; zero weights left out. */
export interface FuzzyGraph {
  n: number
  rows: Int32Array
  cols: Int32Array
  weights: Float64Array
}

const SMOOTH_K_TOLERANCE = 1e-5
const MIN_K_DIST_SCALE = 1e-3
const BISECTION_STEPS = 64

/**
 * `knn` in allKnn's layout (self excluded, k columns); the first nNeighbors − 1 of each row are
 * used, the point itself being the first of its nNeighbors as umap-js counts them.
 */
export function fuzzyGraph(knn: KnnResult, n: number, nNeighbors: number): FuzzyGraph {
  const k = n === 0 ? 0 : knn.indices.length / n
  const m = nNeighbors - 1
  // Membership strength of each directed edge i → knn[i][t].
  const strength = new Float64Array(n * m)
  const target = Math.log(nNeighbors) / Math.log(2)
  let globalMean = -1
  for (let i = 0; i < n; i++) {
    const base = i * k
    // rho: distance to the nearest neighbour at a distance > 0 (local connectivity 1).
    let rho = 0
    let sum = 0
    for (let t = 0; t < m; t++) {
      const d = knn.distances[base + t]!
      if (rho === 0 && d > 0) rho = d
      sum += d
    }
    let lo = 0
    let hi = Infinity
    let mid = 1
    for (let step = 0; step < BISECTION_STEPS; step++) {
      let psum = 0
      for (let t = 0; t < m; t++) {
        const d = knn.distances[base + t]! - rho
        psum += d > 0 ? Math.exp(-(d / mid)) : 1
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break
      if (psum > target) {
        hi = mid
        mid = (lo + hi) / 2
      } else {
        lo = mid
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2
      }
    }
    let sigma = mid
    // umap-js averages over its row of nNeighbors, whose first entry is the point itself at 0.
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? sum / nNeighbors : (globalMean = globalMean < 0 ? meanOfRowMeans(knn, n, k, m, nNeighbors) : globalMean))
    if (sigma < floor) sigma = floor
    for (let t = 0; t < m; t++) {
      const j = knn.indices[base + t]!
      const d = knn.distances[base + t]!
      strength[i * m + t] = j === i ? 0 : d - rho <= 0 ? 1 : Math.exp(-((d - rho) / sigma))
    }
  }
  return symmetrise(knn, strength, n, k, m)
}

function meanOfRowMeans(knn: KnnResult, n: number, k: number, m: number, nNeighbors: number): number {
  let total = 0
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let t = 0; t < m; t++) s += knn.distances[i * k + t]!
    total += s / nNeighbors
  }
  return total / n
}

/**
 * The fuzzy union w(i, j) = (a + b) − a·b with a = strength(i → j), b = strength(j → i), 0 where
 * absent: row i merges its own out-edges with the edges pointing at it, both sorted by column.
 */
function symmetrise(knn: KnnResult, strength: Float64Array, n: number, k: number, m: number): FuzzyGraph {
  // Out-edges of each row, sorted by column (kNN rows are sorted by distance).
  const outCol = new Int32Array(n * m)
  const outVal = new Float64Array(n * m)
  const order = Array.from({ length: m }, (_, t) => t)
  for (let i = 0; i < n; i++) {
    order.sort((a, b) => knn.indices[i * k + a]! - knn.indices[i * k + b]!)
    for (let t = 0; t < m; t++) {
      outCol[i * m + t] = knn.indices[i * k + order[t]!]!
      outVal[i * m + t] = strength[i * m + order[t]!]!
    }
  }
  // In-edges by counting sort on the target; visiting sources in order keeps each row sorted.
  const inStart = new Int32Array(n + 1)
  for (let p = 0; p < n * m; p++) inStart[outCol[p]! + 1]!++
  for (let i = 0; i < n; i++) inStart[i + 1]! += inStart[i]!
  const fill = inStart.slice(0, n)
  const inCol = new Int32Array(n * m)
  const inVal = new Float64Array(n * m)
  for (let i = 0; i < n; i++) {
    for (let p = i * m; p < (i + 1) * m; p++) {
      const q = fill[outCol[p]!]!++
      inCol[q] = i
      inVal[q] = outVal[p]!
    }
  }
  const rows: number[] = []
  const cols: number[] = []
  const weights: number[] = []
  for (let i = 0; i < n; i++) {
    let p = i * m
    let q = inStart[i]!
    const pEnd = p + m
    const qEnd = inStart[i + 1]!
    while (p < pEnd || q < qEnd) {
      const cp = p < pEnd ? outCol[p]! : n
      const cq = q < qEnd ? inCol[q]! : n
      const col = Math.min(cp, cq)
      const a = cp === col ? outVal[p++]! : 0
      const b = cq === col ? inVal[q++]! : 0
      const w = a + b - a * b
      if (w !== 0) {
        rows.push(i)
        cols.push(col)
        weights.push(w)
      }
    }
  }
  return { n, rows: Int32Array.from(rows), cols: Int32Array.from(cols), weights: Float64Array.from(weights) }
}

/** umap-js's epoch count when none is given. */
export function defaultEpochs(n: number): number {
  return n <= 2500 ? 500 : n <= 5000 ? 400 : n <= 7500 ? 300 : 200
}

/**
 * The edges the optimisation samples: those of weight ≥ max / nEpochs (umap-js drops the rest),
 * with how many epochs apart each is sampled.
 */
export function sampledEdges(graph: FuzzyGraph, nEpochs: number): { head: number[]; tail: number[]; epochsPerSample: number[] } {
  let max = 0
  for (const w of graph.weights) if (w > max) max = w
  const head: number[] = []
  const tail: number[] = []
  const epochsPerSample: number[] = []
  for (let e = 0; e < graph.weights.length; e++) {
    const w = graph.weights[e]!
    if (w < max / nEpochs) continue
    tail.push(graph.rows[e]!)
    head.push(graph.cols[e]!)
    epochsPerSample.push(nEpochs / ((w / max) * nEpochs))
  }
  return { head, tail, epochsPerSample }
}
