/**
 * How good an approximate index is, in the numbers a researcher needs to trust it: recall@1 and
 * recall@k against exact search, the approximation factor (mean over queries of the distance to
 * the returned nearest ÷ the distance to the true nearest), the share of the points measured per
 * query, and the time per query.
 *
 * Ties: a returned point counts toward recall@k when its distance is no more than the true k-th
 * distance, and toward recall@1 when it is no more than the true nearest, so an index that picks
 * another of several equally near points is not penalised. A query whose true nearest is at
 * distance 0 (a duplicate) adds 1 to the approximation factor when a returned point is at 0 too;
 * when none is, the ratio is infinite, so that query is left out of the mean and counted in
 * `zeroMissed` instead; a query answered with no point at all counts in `unanswered`.
 */
import { ExactVectorIndex } from './ann-exact'
import type { AnnMetric, VectorIndex } from './ann-types'
import { checkAborted } from './checks'
import { SearchError, type Matrix } from './types'

/** Rows of the indexed matrix (each left out of its own answer), or query vectors. */
export type QuerySet = { rows: Int32Array } | { vectors: Matrix }

/** The exact k nearest of each query: query q's are indices/distances[q·k, q·k + k). */
export interface ExactAnswers {
  k: number
  metric: AnnMetric
  indices: Int32Array
  distances: Float32Array
  /** Milliseconds per query of the exact scan. */
  msPerQuery: number
}

export interface AnnQuality {
  queries: number
  recallAt1: number
  recallAtK: number
  approxFactor: number
  /** Queries whose true nearest is at distance 0 and whose answer held no point at 0. */
  zeroMissed: number
  /** Queries answered with no point at all (no candidate found); left out of the approximation factor. */
  unanswered: number
  /** Mean exact distances computed per query ÷ points indexed. */
  candidatesFraction: number
  msPerQuery: number
}

export function queryCount(queries: QuerySet): number {
  return 'rows' in queries ? queries.rows.length : queries.vectors.rows
}

function ask(index: VectorIndex, queries: QuerySet, q: number, k: number): ReturnType<VectorIndex['search']> {
  if ('rows' in queries) return index.searchOf(queries.rows[q]!, k)
  const { data, cols } = queries.vectors
  return index.search(data.subarray(q * cols, (q + 1) * cols), k)
}

export function exactAnswers(matrix: Matrix, queries: QuerySet, k: number, metric: AnnMetric = 'euclidean', signal?: AbortSignal): ExactAnswers {
  const exact = new ExactVectorIndex(matrix, metric)
  const n = queryCount(queries)
  const indices = new Int32Array(n * k).fill(-1)
  const distances = new Float32Array(n * k).fill(Infinity)
  const t0 = performance.now()
  for (let q = 0; q < n; q++) {
    checkAborted(signal)
    const r = ask(exact, queries, q, k)
    indices.set(r.indices, q * k)
    distances.set(r.distances, q * k)
  }
  return { k, metric, indices, distances, msPerQuery: n === 0 ? 0 : (performance.now() - t0) / n }
}

/** Runs every query through `index` (k nearest each) and compares with `truth` (computed here when not given). */
export function measureIndex(index: VectorIndex, matrix: Matrix, queries: QuerySet, k: number, truth?: ExactAnswers): AnnQuality {
  truth ??= exactAnswers(matrix, queries, k, index.metric)
  if (truth.k !== k) throw new SearchError(`The exact answers hold ${truth.k} neighbours per query, but k = ${k} was asked for.`)
  if (truth.metric !== index.metric) throw new SearchError(`The exact answers are ${truth.metric} neighbours, but the index ranks by ${index.metric} distance.`)
  const n = queryCount(queries)
  let hits1 = 0
  let hitsK = 0
  let ratioSum = 0
  let ratios = 0
  let zeroMissed = 0
  let unanswered = 0
  let candidates = 0
  let ms = 0
  for (let q = 0; q < n; q++) {
    const t0 = performance.now()
    const r = ask(index, queries, q, k)
    ms += performance.now() - t0
    candidates += index.stats().lastCandidates
    const nearest = truth.distances[q * k]!
    const kth = truth.distances[q * k + k - 1]!
    for (let t = 0; t < r.distances.length; t++) if (r.distances[t]! <= kth) hitsK++
    if (r.distances.length === 0) {
      unanswered++
      continue
    }
    const got = r.distances[0]!
    if (got <= nearest) hits1++
    if (nearest > 0) {
      ratioSum += got / nearest
      ratios++
    } else if (got === 0) {
      ratioSum += 1
      ratios++
    } else zeroMissed++
  }
  return {
    queries: n,
    recallAt1: n === 0 ? 0 : hits1 / n,
    recallAtK: n === 0 ? 0 : Math.min(1, hitsK / (n * k)),
    approxFactor: ratios === 0 ? NaN : ratioSum / ratios,
    zeroMissed,
    unanswered,
    candidatesFraction: n === 0 ? 0 : candidates / n / index.size,
    msPerQuery: n === 0 ? 0 : ms / n
  }
}
