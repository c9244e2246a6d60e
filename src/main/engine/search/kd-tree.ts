/**
 * An exact k-d tree for low dimensions, laid out as scikit-learn's KDTree: a complete binary tree
 * in arrays (children of node i are 2i + 1 and 2i + 2), each node a contiguous run of points
 * split at the median of its widest dimension, with its bounding box for pruning. The points are
 * copied in tree order as doubles, so a leaf is one contiguous read.
 *
 * Box bounds are summed in the same order as point distances and each term is no larger, so
 * a box is pruned only when no point in it can qualify: results equal a plain scan.
 */
import { checkAborted, checkK, checkMatrix, checkPoint, checkQuery, checkRadius, inside, radiusTest, type RadiusTest } from './checks'
import { KnnHeap } from './knn-heap'
import type { KnnResult, LongWork, Matrix, NeighbourIndex } from './types'

/** Points per leaf: of 8, 16 and 32, 16 was the fastest or tied for allKnn (70,000 2-D and 20,000 8-D points) and for DBSCAN's range queries. */
export const DEFAULT_LEAF_SIZE = 16
/** Queries between abort checks and progress reports. */
const PROGRESS_EVERY = 4096

export class KdTree implements NeighbourIndex {
  readonly size: number
  readonly dim: number
  private readonly points: Float64Array
  /** Tree slot → point index, and back. */
  private readonly order: Int32Array
  private readonly slot: Int32Array
  private readonly start: Int32Array
  private readonly end: Int32Array
  private readonly lower: Float64Array
  private readonly upper: Float64Array
  private readonly firstLeaf: number
  private readonly query: Float64Array
  private readonly stack: Int32Array
  private readonly stackBound: Float64Array

  constructor(matrix: Matrix, leafSize = DEFAULT_LEAF_SIZE) {
    checkMatrix(matrix)
    const { data, rows: n, cols: dim } = matrix
    this.size = n
    this.dim = dim
    const levels = 1 + Math.floor(Math.log2(Math.max(1, (n - 1) / leafSize)))
    const nodes = 2 ** levels - 1
    this.firstLeaf = 2 ** (levels - 1) - 1
    this.order = Int32Array.from({ length: n }, (_, i) => i)
    this.start = new Int32Array(nodes)
    this.end = new Int32Array(nodes)
    this.lower = new Float64Array(nodes * dim)
    this.upper = new Float64Array(nodes * dim)
    this.end[0] = n
    for (let node = 0; node < nodes; node++) {
      const s = this.start[node]!
      const e = this.end[node]!
      this.box(data, node, s, e)
      if (node >= this.firstLeaf) continue
      let widest = 0
      for (let d = 1; d < dim; d++) {
        if (this.upper[node * dim + d]! - this.lower[node * dim + d]! > this.upper[node * dim + widest]! - this.lower[node * dim + widest]!) widest = d
      }
      const mid = s + ((e - s) >> 1)
      select(this.order, data, dim, widest, s, e - 1, mid)
      this.start[2 * node + 1] = s
      this.end[2 * node + 1] = mid
      this.start[2 * node + 2] = mid
      this.end[2 * node + 2] = e
    }
    this.points = new Float64Array(n * dim)
    this.slot = new Int32Array(n)
    for (let t = 0; t < n; t++) {
      const p = this.order[t]!
      this.slot[p] = t
      for (let d = 0; d < dim; d++) this.points[t * dim + d] = data[p * dim + d]!
    }
    this.query = new Float64Array(dim)
    this.stack = new Int32Array(2 * levels + 2)
    this.stackBound = new Float64Array(2 * levels + 2)
  }

  rangeOf(i: number, radius: number, out: number[] = []): number[] {
    checkPoint(i, this.size)
    checkRadius(radius)
    return this.rangeAt(this.points, this.slot[i]! * this.dim, radiusTest(radius), out)
  }

  range(query: Float32Array, radius: number, out: number[] = []): number[] {
    checkQuery(query, this.dim)
    checkRadius(radius)
    this.query.set(query)
    return this.rangeAt(this.query, 0, radiusTest(radius), out)
  }

  knnOf(i: number, k: number): KnnResult {
    checkPoint(i, this.size)
    checkK(k, this.size)
    const heap = new KnnHeap(k)
    this.knnAt(this.points, this.slot[i]! * this.dim, i, heap)
    return heap.result()
  }

  /**
   * The k nearest of every point, row by row into n × k arrays. Points are taken in tree order,
   * so consecutive queries walk the same nodes while they are still in cache.
   */
  allKnn(k: number, work: LongWork = {}): KnnResult {
    checkK(k, this.size)
    const { size: n, dim } = this
    const indices = new Int32Array(n * k)
    const distances = new Float32Array(n * k)
    const heap = new KnnHeap(k)
    for (let t = 0; t < n; t++) {
      if (t % PROGRESS_EVERY === 0 && t > 0) {
        checkAborted(work.signal)
        work.onProgress?.(t, n)
      }
      const p = this.order[t]!
      heap.reset()
      this.knnAt(this.points, t * dim, p, heap)
      heap.writeSorted(indices, distances, p * k)
    }
    work.onProgress?.(n, n)
    return { indices, distances }
  }

  /** Offers every point but `exclude` that can beat the heap's bound (the allKnn inner loop). */
  private knnAt(q: Float64Array, qOff: number, exclude: number, heap: KnnHeap): void {
    const { points, order, dim, stack, stackBound, firstLeaf } = this
    let sp = 0
    stack[sp] = 0
    stackBound[sp++] = this.boxMin(0, q, qOff)
    let bound = heap.bound()
    while (sp > 0) {
      const node = stack[--sp]!
      // A box exactly at the bound may still hold a tie with a smaller index.
      if (stackBound[sp]! > bound) continue
      if (node >= firstLeaf) {
        for (let t = this.start[node]!, e = this.end[node]!; t < e; t++) {
          let s = 0
          for (let d = 0; d < dim; d++) {
            const x = points[t * dim + d]! - q[qOff + d]!
            s += x * x
          }
          const p = order[t]!
          if (s <= bound && p !== exclude) {
            heap.offer(s, p)
            bound = heap.bound()
          }
        }
        continue
      }
      const l = 2 * node + 1
      const bl = this.boxMin(l, q, qOff)
      const br = this.boxMin(l + 1, q, qOff)
      // Nearer child last, so it is searched first and tightens the bound for the other.
      const near = bl <= br ? l : l + 1
      stack[sp] = near === l ? l + 1 : l
      stackBound[sp++] = near === l ? br : bl
      stack[sp] = near
      stackBound[sp++] = near === l ? bl : br
    }
  }

  private rangeAt(q: Float64Array, qOff: number, t: RadiusTest, out: number[]): number[] {
    out.length = 0
    if (this.size === 0) return out
    const { points, order, dim, stack, firstLeaf } = this
    let sp = 0
    stack[sp++] = 0
    while (sp > 0) {
      const node = stack[--sp]!
      if (this.boxMin(node, q, qOff) > t.hi) continue
      const s0 = this.start[node]!
      const e0 = this.end[node]!
      // A box wholly inside the ball needs no distances (large radii make many of these).
      if (this.boxMax(node, q, qOff) <= t.lo) {
        for (let s = s0; s < e0; s++) out.push(order[s]!)
        continue
      }
      if (node < firstLeaf) {
        stack[sp++] = 2 * node + 2
        stack[sp++] = 2 * node + 1
        continue
      }
      for (let s = s0; s < e0; s++) {
        let sum = 0
        for (let d = 0; d < dim; d++) {
          const x = points[s * dim + d]! - q[qOff + d]!
          sum += x * x
        }
        if (inside(sum, t)) out.push(order[s]!)
      }
    }
    return out
  }

  /** Squared distance from the query to the node's box: a lower bound on its points' distances. */
  private boxMin(node: number, q: Float64Array, qOff: number): number {
    const { lower, upper, dim } = this
    let s = 0
    for (let d = 0; d < dim; d++) {
      const v = q[qOff + d]!
      const lo = lower[node * dim + d]!
      const hi = upper[node * dim + d]!
      const x = v < lo ? lo - v : v > hi ? v - hi : 0
      s += x * x
    }
    return s
  }

  /** Squared distance to the box's farthest corner: an upper bound on its points' distances. */
  private boxMax(node: number, q: Float64Array, qOff: number): number {
    const { lower, upper, dim } = this
    let s = 0
    for (let d = 0; d < dim; d++) {
      const v = q[qOff + d]!
      const x = Math.max(v - lower[node * dim + d]!, upper[node * dim + d]! - v)
      s += x * x
    }
    return s
  }

  private box(data: Float32Array, node: number, s: number, e: number): void {
    const { order, dim, lower, upper } = this
    lower.fill(Infinity, node * dim, node * dim + dim)
    upper.fill(-Infinity, node * dim, node * dim + dim)
    for (let t = s; t < e; t++) {
      const p = order[t]! * dim
      for (let d = 0; d < dim; d++) {
        const v = data[p + d]!
        if (v < lower[node * dim + d]!) lower[node * dim + d] = v
        if (v > upper[node * dim + d]!) upper[node * dim + d] = v
      }
    }
  }
}

/** Reorders order[lo..hi] so that order[k] holds the point with the k-th smallest coordinate `d`. */
function select(order: Int32Array, data: Float32Array, dim: number, d: number, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const pivot = data[order[(lo + hi) >> 1]! * dim + d]!
    let i = lo
    let j = hi
    // Hoare's partition stops on keys equal to the pivot from both sides, so runs of duplicates split evenly.
    while (i <= j) {
      while (data[order[i]! * dim + d]! < pivot) i++
      while (data[order[j]! * dim + d]! > pivot) j--
      if (i <= j) {
        const t = order[i]!
        order[i++] = order[j]!
        order[j--] = t
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return
  }
}
