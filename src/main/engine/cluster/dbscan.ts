/**
 * DBSCAN with scikit-learn's semantics (sklearn.cluster.DBSCAN, 1.2): a point is core when at
 * least `minSamples` points, itself included, lie within `eps` (d ≤ eps); clusters are the
 * connected groups of core points, numbered in the order of their lowest-index core point; a
 * border point (not core, within eps of a core point) joins the first cluster that reaches it,
 * which is the lowest-numbered cluster among its core neighbours; everything else is noise (−1).
 * Labels equal scikit-learn's exactly (tests compare with its output).
 *
 * Deliberate difference: scikit-learn keeps every point's neighbourhood in memory at once, which
 * grows with N × neighbours and, at a fixed eps over denser data, quadratically. Here memory
 * stays linear in N:
 * - in 1-D to 3-D, a grid of cells small enough that any two points in one cell are neighbours
 *   (dbscan-grid.ts) decides most core points by counting and joins clusters cell by cell, so the
 *   time does not grow with the size of neighbourhoods either. Measured (`npm run bench --
 *   dbscan`, 2-D, fixed eps, N from 10,000 to 70,000): 0.02 to 0.06 s, against 0.07 to 2.4 s for
 *   range queries on a k-d tree, whose time grew as N^1.8. A grid with cells of side eps used
 *   only to answer range queries would still visit every neighbour, as the tree does;
 * - otherwise, or with an `index` given, neighbourhoods come from range queries and are asked
 *   for again while a cluster grows instead of being stored: n + (core points) queries.
 */
import { buildIndex } from '../search/build-index'
import { checkMatrix } from '../search/checks'
import type { LongWork, Matrix, NeighbourIndex } from '../search/types'
import { dbscanGrid, gridFits } from './dbscan-grid'
import { DbscanError, PROGRESS_EVERY, report, type DbscanResult } from './dbscan-types'

export { DbscanError, type DbscanResult } from './dbscan-types'

export interface DbscanOptions extends LongWork {
  eps: number
  /** Points within eps, the point itself included, that make a core point (scikit-learn's min_samples). */
  minSamples: number
  /** Range queries through this index instead of the grid or a new exact index (e.g. an approximate one). */
  index?: NeighbourIndex
  /** 'grid' (1-D to 3-D) or 'index' (range queries); by default the grid where it applies. */
  algorithm?: 'grid' | 'index'
}

export function dbscan(matrix: Matrix, options: DbscanOptions): DbscanResult {
  const { eps, minSamples, index } = options
  if (typeof eps !== 'number' || !(eps > 0) || eps === Infinity) {
    throw new DbscanError(`eps must be a positive number, not ${eps}; leave it empty to choose it from the k-distance curve.`)
  }
  if (!Number.isInteger(minSamples) || minSamples < 1) {
    throw new DbscanError(`minSamples must be a whole number ≥ 1 (the point itself counts), not ${minSamples}; 5 is a common start.`)
  }
  checkMatrix(matrix)
  if (index && (index.size !== matrix.rows || index.dim !== matrix.cols)) {
    throw new DbscanError(
      `The index holds ${index.size} points of dimension ${index.dim}, but the matrix is ${matrix.rows} × ${matrix.cols}. Build the index from the same matrix.`
    )
  }
  if (matrix.rows === 0) return { labels: new Int32Array(0), nClusters: 0, core: new Uint8Array(0) }
  const algorithm = options.algorithm ?? (!index && gridFits(matrix, eps) ? 'grid' : 'index')
  if (algorithm === 'grid') {
    if (index) throw new DbscanError('The grid algorithm does its own search; leave out either the index or algorithm: "grid".')
    if (!gridFits(matrix, eps)) {
      throw new DbscanError(
        `The grid algorithm takes 1-D to 3-D points spanning a limited number of eps (millions per axis in 1-D and 2-D, about 160,000 in 3-D); these are ${matrix.cols}-D. ` +
          'Use algorithm: "index", or leave it out to choose.'
      )
    }
    return dbscanGrid(matrix, eps, minSamples, options)
  }
  if (algorithm !== 'index') throw new DbscanError(`There is no DBSCAN algorithm "${String(algorithm)}"; use "grid" or "index", or leave it out.`)
  return dbscanByRange(index ?? buildIndex(matrix), matrix.rows, eps, minSamples, options)
}

function dbscanByRange(index: NeighbourIndex, n: number, eps: number, minSamples: number, work: LongWork): DbscanResult {
  const core = new Uint8Array(n)
  const neighbours: number[] = []
  let nCore = 0
  for (let i = 0; i < n; i++) {
    if (i % PROGRESS_EVERY === 0 && i > 0) report(work, i, 2 * n)
    if (index.rangeOf(i, eps, neighbours).length >= minSamples) {
      core[i] = 1
      nCore++
    }
  }

  const labels = new Int32Array(n).fill(-1)
  // Each point enters the stack at most once (it is labelled when pushed), so it holds ≤ n entries.
  // scikit-learn labels on popping and may push a point many times; the labels are the same,
  // since a whole cluster is labelled before the next one starts.
  const stack = new Int32Array(n)
  let nClusters = 0
  let expanded = 0
  for (let i = 0; i < n; i++) {
    if (labels[i] !== -1 || !core[i]) continue
    const label = nClusters++
    labels[i] = label
    let top = 0
    stack[top++] = i
    while (top > 0) {
      const p = stack[--top]!
      if (++expanded % PROGRESS_EVERY === 0) report(work, n + Math.round((expanded * n) / nCore), 2 * n)
      for (const q of index.rangeOf(p, eps, neighbours)) {
        if (labels[q] !== -1) continue
        labels[q] = label
        if (core[q]) stack[top++] = q
      }
    }
  }
  work.onProgress?.(2 * n, 2 * n)
  return { labels, nClusters, core }
}
