/**
 * Shapes shared by the clustering quality metrics. `Matrix` matches the engine's row-major
 * matrices structurally, so a feature matrix from anywhere in the engine can be passed as is.
 */

/** Row-major vectors: row i is data[i·cols, (i+1)·cols). */
export interface Matrix {
  readonly data: Float32Array
  readonly rows: number
  readonly cols: number
}

export interface LongWork {
  /** Called now and then with the work done and the total, in the same units. */
  onProgress?: (done: number, total: number) => void
  /** Stops the work: the call throws `signal.reason`. */
  signal?: AbortSignal
}

/** The label of a point that belongs to no cluster. */
export const NOISE = -1

export class MetricsError extends Error {
  override name = 'MetricsError'
}
