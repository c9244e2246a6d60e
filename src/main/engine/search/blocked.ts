/**
 * Exact search for high dimensions, where trees prune nothing: single queries scan every row.
 * The scan computes each distance exactly as the reference does (a sequential sum), four rows at
 * a time so the four sums run side by side, and abandons a group once all four partial sums pass
 * the bound: a sum of squares never shrinks, so the abandoned rows could not qualify.
 * allKnn does not go through here; it uses the dot-product kernel of all-knn-blocked.ts.
 */
import { checkK, checkMatrix, checkPoint, checkQuery, checkRadius, inside, radiusTest } from './checks'
import { KnnHeap } from './knn-heap'
import type { KnnResult, Matrix, NeighbourIndex } from './types'

/** Dimensions summed between checks of the bound: checking costs about as much as summing a few. */
const CHECK_EVERY = 16

export class BlockedIndex implements NeighbourIndex {
  readonly size: number
  readonly dim: number
  private readonly data: Float32Array
  private readonly partial = new Float64Array(4)

  constructor(matrix: Matrix) {
    checkMatrix(matrix)
    this.data = matrix.data
    this.size = matrix.rows
    this.dim = matrix.cols
  }

  rangeOf(i: number, radius: number, out: number[] = []): number[] {
    checkPoint(i, this.size)
    checkRadius(radius)
    return this.rangeAt(this.data, i * this.dim, radius, out)
  }

  range(query: Float32Array, radius: number, out: number[] = []): number[] {
    checkQuery(query, this.dim)
    checkRadius(radius)
    return this.rangeAt(query, 0, radius, out)
  }

  knnOf(i: number, k: number): KnnResult {
    checkPoint(i, this.size)
    checkK(k, this.size)
    const heap = new KnnHeap(k)
    const sums = this.partial
    for (let j = 0; j < this.size; j += 4) {
      const count = Math.min(4, this.size - j)
      this.scan(this.data, i * this.dim, j, count, heap.bound())
      for (let t = 0; t < count; t++) if (j + t !== i && sums[t]! <= heap.bound()) heap.offer(sums[t]!, j + t)
    }
    return heap.result()
  }

  private rangeAt(q: Float32Array, qOff: number, radius: number, out: number[]): number[] {
    out.length = 0
    const test = radiusTest(radius)
    const sums = this.partial
    for (let j = 0; j < this.size; j += 4) {
      const count = Math.min(4, this.size - j)
      this.scan(q, qOff, j, count, test.hi)
      for (let t = 0; t < count; t++) if (inside(sums[t]!, test)) out.push(j + t)
    }
    return out
  }

  /**
   * Squared distances from the query to rows j … j + count − 1 into `partial`; a group whose
   * sums all exceed `bound` is abandoned, leaving sums that still exceed it.
   */
  private scan(q: Float32Array, qOff: number, j: number, count: number, bound: number): void {
    const { data, dim, partial } = this
    if (count < 4) {
      for (let t = 0; t < count; t++) {
        let s = 0
        const b = (j + t) * dim
        for (let d = 0; d < dim; d++) {
          const x = data[b + d]! - q[qOff + d]!
          s += x * x
        }
        partial[t] = s
      }
      return
    }
    const b0 = j * dim
    const b1 = b0 + dim
    const b2 = b1 + dim
    const b3 = b2 + dim
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    for (let d0 = 0; d0 < dim; d0 += CHECK_EVERY) {
      const stop = Math.min(dim, d0 + CHECK_EVERY)
      for (let d = d0; d < stop; d++) {
        const v = q[qOff + d]!
        const x0 = data[b0 + d]! - v
        const x1 = data[b1 + d]! - v
        const x2 = data[b2 + d]! - v
        const x3 = data[b3 + d]! - v
        s0 += x0 * x0
        s1 += x1 * x1
        s2 += x2 * x2
        s3 += x3 * x3
      }
      if (s0 > bound && s1 > bound && s2 > bound && s3 > bound) break
    }
    partial[0] = s0
    partial[1] = s1
    partial[2] = s2
    partial[3] = s3
  }
}
