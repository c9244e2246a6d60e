/**
 * The k best candidates of a query as a max-heap on (squared distance, index) in two typed arrays,
 * at an offset, so that allKnn can keep every point's heap in one pair of arrays. The root is the
 * worst kept candidate; "worse" breaks ties by the larger index, which makes the result the first
 * k of the order (distance, index) whatever order candidates arrive in.
 */

export function worse(d1: number, i1: number, d2: number, i2: number): boolean {
  return d1 > d2 || (d1 === d2 && i1 > i2)
}

/** Adds a candidate to a heap of `size` < capacity entries; the new size is size + 1. */
export function heapPush(dist: Float64Array, idx: Int32Array, base: number, size: number, d: number, j: number): void {
  let c = size
  while (c > 0) {
    const p = (c - 1) >> 1
    const pd = dist[base + p]!
    const pi = idx[base + p]!
    if (!worse(d, j, pd, pi)) break
    dist[base + c] = pd
    idx[base + c] = pi
    c = p
  }
  dist[base + c] = d
  idx[base + c] = j
}

/** Replaces the root (the worst) of a full heap of `size` entries by a better candidate. */
export function heapReplaceTop(dist: Float64Array, idx: Int32Array, base: number, size: number, d: number, j: number): void {
  let c = 0
  for (;;) {
    const l = 2 * c + 1
    if (l >= size) break
    let m = l
    const r = l + 1
    if (r < size && worse(dist[base + r]!, idx[base + r]!, dist[base + l]!, idx[base + l]!)) m = r
    const md = dist[base + m]!
    const mi = idx[base + m]!
    if (!worse(md, mi, d, j)) break
    dist[base + c] = md
    idx[base + c] = mi
    c = m
  }
  dist[base + c] = d
  idx[base + c] = j
}

/** Sorts a heap of `size` entries in place into ascending (distance, index). */
export function heapSort(dist: Float64Array, idx: Int32Array, base: number, size: number): void {
  for (let end = size - 1; end > 0; end--) {
    const d = dist[base + end]!
    const j = idx[base + end]!
    dist[base + end] = dist[base]!
    idx[base + end] = idx[base]!
    heapReplaceTop(dist, idx, base, end, d, j)
  }
}

/** One query's heap, for the single-query searches. */
export class KnnHeap {
  readonly dist: Float64Array
  readonly idx: Int32Array
  size = 0

  constructor(readonly k: number) {
    this.dist = new Float64Array(k)
    this.idx = new Int32Array(k)
  }

  /** The squared distance a candidate must not exceed to be kept (ties are settled by index). */
  bound(): number {
    return this.size < this.k ? Infinity : this.dist[0]!
  }

  offer(d: number, j: number): void {
    if (this.size < this.k) heapPush(this.dist, this.idx, 0, this.size++, d, j)
    else if (worse(this.dist[0]!, this.idx[0]!, d, j)) heapReplaceTop(this.dist, this.idx, 0, this.k, d, j)
  }

  reset(): void {
    this.size = 0
  }

  /** Indices and distances (square roots) in ascending order. */
  result(): { indices: Int32Array; distances: Float32Array } {
    const indices = new Int32Array(this.size)
    const distances = new Float32Array(this.size)
    this.writeSorted(indices, distances, 0)
    return { indices, distances }
  }

  /** Writes the candidates in ascending order at `at`. Sorting undoes the heap order: reset before reuse. */
  writeSorted(indices: Int32Array, distances: Float32Array, at: number): void {
    heapSort(this.dist, this.idx, 0, this.size)
    for (let t = 0; t < this.size; t++) {
      indices[at + t] = this.idx[t]!
      distances[at + t] = Math.sqrt(this.dist[t]!)
    }
  }
}
