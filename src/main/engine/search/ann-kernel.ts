/**
 * The pieces the hashing indexes share: projecting every row onto many random directions (a
 * matrix product, done four rows against three directions at a time by all-knn-blocked.ts's dot4x3, so
 * twelve sums run side by side), and re-ranking candidates by exact distance without allocating:
 * a stamp per point instead of a Set, one reusable heap, and a distance sum that stops once it
 * passes the current k-th best (the sum is the reference one, dimension by dimension, so the
 * distances that come back are exactly those of the exact indexes).
 */
import { dot4x3 } from './all-knn-blocked'
import { checkAborted } from './checks'
import type { LowerBound } from './ann-bound'
import { KnnHeap } from './knn-heap'
import type { KnnResult, LongWork, Matrix } from './types'

/** Dimensions summed between checks of the bound, as in blocked.ts. */
const CHECK_EVERY = 16
/** Rows projected between progress reports and abort checks. */
const ROWS_PER_STEP = 512
const BOUND_SLACK = 1 - 1e-5

/**
 * out[i·m + j] = fround(row i · direction j) for the m directions of `dirs` (m × cols, row-major).
 * Each sum runs over the dimensions in order, exactly as `projectOne` does for a query, so a row
 * queried against the index hashes as it was stored.
 */
export function projectRows(matrix: Matrix, dirs: Float32Array, m: number, work: LongWork = {}): Float32Array {
  const { data, rows: n, cols: dim } = matrix
  const out = new Float32Array(n * m)
  for (let i0 = 0; i0 < n; i0 += ROWS_PER_STEP) {
    checkAborted(work.signal)
    const i1 = Math.min(n, i0 + ROWS_PER_STEP)
    let i = i0
    for (; i + 4 <= i1; i += 4) {
      let j = 0
      for (; j + 3 <= m; j += 3) dot4x3(data, i, dirs, j, dim, out, i * m + j, m)
      for (; j < m; j++) for (let r = 0; r < 4; r++) out[(i + r) * m + j] = dotAt(data, (i + r) * dim, dirs, j * dim, dim)
    }
    for (; i < i1; i++) for (let j = 0; j < m; j++) out[i * m + j] = dotAt(data, i * dim, dirs, j * dim, dim)
    work.onProgress?.(i1, n)
  }
  return out
}

/** fround(query · direction j) for j < m into `out`, summed as projectRows sums. */
export function projectOne(q: Float32Array, qOff: number, dirs: Float32Array, m: number, dim: number, out: Float64Array): void {
  let j = 0
  // Four directions at a time: four independent sums, each still taken in order.
  for (; j + 4 <= m; j += 4) {
    const b0 = j * dim
    const b1 = b0 + dim
    const b2 = b1 + dim
    const b3 = b2 + dim
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    for (let d = 0; d < dim; d++) {
      const x = q[qOff + d]!
      s0 += x * dirs[b0 + d]!
      s1 += x * dirs[b1 + d]!
      s2 += x * dirs[b2 + d]!
      s3 += x * dirs[b3 + d]!
    }
    out[j] = Math.fround(s0)
    out[j + 1] = Math.fround(s1)
    out[j + 2] = Math.fround(s2)
    out[j + 3] = Math.fround(s3)
  }
  for (; j < m; j++) out[j] = Math.fround(dotAt(q, qOff, dirs, j * dim, dim))
}

function dotAt(a: Float32Array, aOff: number, b: Float32Array, bOff: number, dim: number): number {
  let s = 0
  for (let d = 0; d < dim; d++) s += a[aOff + d]! * b[bOff + d]!
  return s
}

/** Standard normal numbers from a uniform generator (Box–Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/**
 * Exact Euclidean re-ranking of candidate rows for one query at a time. `begin` starts a query;
 * `offer(j)` measures row j once per query (later offers of the same row cost one array read).
 */
export class Reranker {
  heap: KnnHeap
  /** Candidates measured since `begin`. */
  measured = 0
  private readonly stamp: Uint32Array
  private current = 0
  private q: Float32Array = new Float32Array(0)
  private readonly qc: Float64Array
  private qOff = 0

  constructor(
    private readonly data: Float32Array,
    private readonly dim: number,
    size: number,
    /** Dimensions in the order the sums take them (see varianceOrder); the plain order when null. */
    private readonly order: Int32Array | null = null,
    /** A lower bound that spares most full distances (ann-bound.ts). */
    private readonly bound: LowerBound | null = null
  ) {
    this.stamp = new Uint32Array(size)
    this.heap = new KnnHeap(1)
    this.qc = new Float64Array(bound?.p ?? 0)
  }

  /** Starts a query; `exclude` (a row, or −1) is never a candidate. Returns the heap to use. */
  begin(q: Float32Array, qOff: number, k: number, exclude: number): KnnHeap {
    this.q = q
    this.qOff = qOff
    this.measured = 0
    if (++this.current === 0xffffffff) {
      this.stamp.fill(0)
      this.current = 1
    }
    if (exclude >= 0) this.stamp[exclude] = this.current
    if (this.bound) projectOne(q, qOff, this.bound.basis, this.bound.p, this.dim, this.qc)
    if (this.heap.k !== k) this.heap = new KnnHeap(k)
    const heap = this.heap
    heap.reset()
    return heap
  }

  /** Measures row j unless it was seen in this query, and offers it to the heap. */
  offer(j: number): void {
    if (this.stamp[j] === this.current) return
    this.stamp[j] = this.current
    this.measured++
    const { data, dim, q, qOff, heap, order } = this
    const bound = heap.bound()
    if (this.bound !== null && bound !== Infinity) {
      const { coords, p } = this.bound
      const qc = this.qc
      // The float32 directions are orthonormal to about 1e-7; the slack keeps the bound a bound.
      // The first directions hold the most variance, so the sum is checked once early.
      const at = j * p
      const early = p < 8 ? p : 8
      let lb = 0
      for (let c = 0; c < early; c++) {
        const x = coords[at + c]! - qc[c]!
        lb += x * x
      }
      if (lb * BOUND_SLACK > bound) return
      for (let c = early; c < p; c++) {
        const x = coords[at + c]! - qc[c]!
        lb += x * x
      }
      if (lb * BOUND_SLACK > bound) return
    }
    const b = j * dim
    let s = 0
    if (order === null) {
      for (let d0 = 0; d0 < dim; d0 += CHECK_EVERY) {
        const stop = d0 + CHECK_EVERY < dim ? d0 + CHECK_EVERY : dim
        for (let d = d0; d < stop; d++) {
          const x = data[b + d]! - q[qOff + d]!
          s += x * x
        }
        if (s > bound) return
      }
    } else {
      for (let d0 = 0; d0 < dim; d0 += CHECK_EVERY) {
        const stop = d0 + CHECK_EVERY < dim ? d0 + CHECK_EVERY : dim
        for (let t = d0; t < stop; t++) {
          const d = order[t]!
          const x = data[b + d]! - q[qOff + d]!
          s += x * x
        }
        if (s > bound) return
      }
    }
    heap.offer(s, j)
  }

  /**
   * The result, its distances summed again in the plain order when another order ranked them, so
   * that they equal the exact indexes' distances to the last bit.
   */
  result(): KnnResult {
    const r = this.heap.result()
    if (this.order === null) return r
    const { data, dim, q, qOff } = this
    const s = new Float64Array(r.indices.length)
    for (let t = 0; t < s.length; t++) {
      const b = r.indices[t]! * dim
      let sum = 0
      for (let d = 0; d < dim; d++) {
        const x = data[b + d]! - q[qOff + d]!
        sum += x * x
      }
      s[t] = sum
    }
    // The two orders of summation differ in the last bits at most, so a near tie may swap.
    const idx = Array.from(r.indices.keys()).sort((a, b) => s[a]! - s[b]! || r.indices[a]! - r.indices[b]!)
    return { indices: Int32Array.from(idx, (t) => r.indices[t]!), distances: Float32Array.from(idx, (t) => Math.sqrt(s[t]!)) }
  }
}

/**
 * Dimensions by decreasing variance: summed in this order, a far candidate's partial sum passes
 * the bound after fewer dimensions (on MNIST pixels about a quarter of the columns are constant).
 */
export function varianceOrder(matrix: Matrix): Int32Array {
  const { data, rows, cols } = matrix
  const mean = new Float64Array(cols)
  const sq = new Float64Array(cols)
  for (let i = 0; i < rows; i++) {
    for (let d = 0; d < cols; d++) {
      const x = data[i * cols + d]!
      mean[d] = mean[d]! + x
      sq[d] = sq[d]! + x * x
    }
  }
  const variance = Float64Array.from(mean, (m, d) => sq[d]! / Math.max(1, rows) - (m / Math.max(1, rows)) ** 2)
  return Int32Array.from(Array.from(variance.keys()).sort((a, b) => variance[b]! - variance[a]! || a - b))
}
