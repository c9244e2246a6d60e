/**
 * Exact nearest-neighbour search over the rows of a matrix, Euclidean distance. Every index
 * (k-d tree, blocked scan, and later approximate ones) answers through `NeighbourIndex`, so
 * DBSCAN, HDBSCAN and UMAP take any of them.
 */

/** Row-major vectors: row i is data[i·cols, (i+1)·cols). */
export interface Matrix {
  readonly data: Float32Array
  readonly rows: number
  readonly cols: number
}

export interface KnnResult {
  indices: Int32Array
  distances: Float32Array
}

export interface NeighbourIndex {
  /** Points indexed (matrix rows). */
  readonly size: number
  /** Their dimension (matrix columns). */
  readonly dim: number
  /**
   * Indices of all points within `radius` of point i, inclusive (d ≤ radius, as scikit-learn),
   * i itself included, in no particular order. `out`, when given, is emptied and filled, which
   * spares an allocation per query.
   */
  rangeOf(i: number, radius: number, out?: number[]): number[]
  /** The same for a query vector of length `dim`. */
  range(query: Float32Array, radius: number, out?: number[]): number[]
  /** The k nearest points to point i, i itself left out; ascending distance, ties by index. */
  knnOf(i: number, k: number): KnnResult
}

export interface LongWork {
  /** Called now and then with points done and the total. */
  onProgress?: (done: number, total: number) => void
  /** Stops the work: the call throws `signal.reason`. */
  signal?: AbortSignal
}

export class SearchError extends Error {
  override name = 'SearchError'
}
