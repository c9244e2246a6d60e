/**
 * The neighbours UMAP starts from. umap-js counts a point as its own first neighbour, as the
 * Python reference does (its smoothing skips column 0, and the point itself gets weight 0), so
 * nNeighbors = 15 means the point and its 14 nearest others from the engine's exact allKnn.
 */
import { allKnn } from '../search/build-index'
import type { KnnResult, Matrix } from '../search/types'

export class UmapError extends Error {
  override name = 'UmapError'
}

export interface UmapKnn {
  indices: number[][]
  distances: number[][]
}

/** The rows scaled to unit length, so that Euclidean neighbours are cosine neighbours. */
export function normaliseRows(matrix: Matrix): Matrix {
  const { rows, cols } = matrix
  const data = new Float32Array(matrix.data)
  for (let i = 0; i < rows; i++) {
    let s = 0
    for (let d = i * cols; d < (i + 1) * cols; d++) s += data[d]! * data[d]!
    // An all-zero row has no direction; it stays at the origin, √2·… from every unit vector alike.
    if (s === 0) continue
    const inv = 1 / Math.sqrt(s)
    for (let d = i * cols; d < (i + 1) * cols; d++) data[d]! *= inv
  }
  return { data, rows, cols }
}

/** The exact kNN of every row (others only), as allKnn gives it. */
export function neighbours(matrix: Matrix, nNeighbors: number, work: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal }): KnnResult {
  return allKnn(matrix, nNeighbors - 1, work)
}

/** Throws unless `knn` (allKnn's layout) holds at least nNeighbors − 1 neighbours for each of `rows` points. */
export function checkKnn(knn: KnnResult, rows: number, nNeighbors: number): void {
  const k = rows === 0 ? 0 : knn.indices.length / rows
  if (!Number.isInteger(k) || knn.distances.length !== knn.indices.length) {
    throw new UmapError(
      `The precomputed neighbours do not fit ${rows} points: ${knn.indices.length} indices and ${knn.distances.length} distances. Compute them from the same matrix.`
    )
  }
  if (k < nNeighbors - 1) {
    throw new UmapError(`The precomputed neighbours hold ${k} a point, but nNeighbors = ${nNeighbors} needs ${nNeighbors - 1}. Compute more, or lower nNeighbors.`)
  }
}

/**
 * allKnn's layout turned into umap-js's own (self first at distance 0, nNeighbors a row), for
 * setPrecomputedKNN. The layout code does not need it; the tests hand it to umap-js to compare.
 */
export function toUmapKnn(knn: KnnResult, rows: number, nNeighbors: number): UmapKnn {
  checkKnn(knn, rows, nNeighbors)
  const k = knn.indices.length / rows
  const indices: number[][] = new Array(rows)
  const distances: number[][] = new Array(rows)
  for (let i = 0; i < rows; i++) {
    indices[i] = [i, ...knn.indices.subarray(i * k, i * k + nNeighbors - 1)]
    distances[i] = [0, ...knn.distances.subarray(i * k, i * k + nNeighbors - 1)]
  }
  return { indices, distances }
}
