/**
 * A NeighbourIndex over a sparse graph of measured distances, so DBSCAN can cluster sequences
 * from the candidate pairs alone: a point's neighbours within a radius are the ends of its edges
 * no longer than that radius. Pairs that were never compared count as out of reach, which is how
 * the clustering avoids an n × n matrix. Edges are kept in compressed rows (CSR), each row sorted
 * by distance, so a range query stops at the first edge past the radius. Distances are kept in
 * double precision: a float32 0.2 is above 0.2, and an edge exactly at the radius would be lost.
 */
import { SearchError, type KnnResult, type NeighbourIndex } from '../search/types'

export class SparseGraphIndex implements NeighbourIndex {
  readonly size: number
  /** Points have no coordinates here; DBSCAN is given a one-column stand-in matrix to match. */
  readonly dim = 1
  private readonly offsets: Int32Array
  private readonly targets: Int32Array
  private readonly lengths: Float64Array

  /** Undirected edges (first[e], second[e]) of length distance[e], for e < count. */
  constructor(size: number, first: Int32Array, second: Int32Array, distance: Float64Array, count: number) {
    this.size = size
    const degree = new Int32Array(size + 1)
    for (let e = 0; e < count; e++) {
      degree[first[e]! + 1]!++
      degree[second[e]! + 1]!++
    }
    for (let i = 0; i < size; i++) degree[i + 1]! += degree[i]!
    this.offsets = degree
    const fill = degree.slice(0, size)
    const targets = new Int32Array(2 * count)
    const lengths = new Float64Array(2 * count)
    for (let e = 0; e < count; e++) {
      const a = first[e]!
      const b = second[e]!
      targets[fill[a]!] = b
      lengths[fill[a]!++] = distance[e]!
      targets[fill[b]!] = a
      lengths[fill[b]!++] = distance[e]!
    }
    for (let i = 0; i < size; i++) sortRow(targets, lengths, degree[i]!, degree[i + 1]!)
    this.targets = targets
    this.lengths = lengths
  }

  /** Edges stored, each counted once. */
  get edges(): number {
    return this.targets.length / 2
  }

  degree(i: number): number {
    return this.offsets[i + 1]! - this.offsets[i]!
  }

  rangeOf(i: number, radius: number, out: number[] = []): number[] {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new SearchError(`There is no point ${i}; the graph holds points 0 to ${this.size - 1}.`)
    out.length = 0
    out.push(i)
    for (let e = this.offsets[i]!, end = this.offsets[i + 1]!; e < end && this.lengths[e]! <= radius; e++) out.push(this.targets[e]!)
    return out
  }

  range(): number[] {
    throw new SearchError('A graph of sequence distances answers queries for its own points only (rangeOf), not for new vectors.')
  }

  knnOf(i: number, k: number): KnnResult {
    const from = this.offsets[i]!
    const have = this.offsets[i + 1]! - from
    if (k > have) {
      throw new SearchError(`Sequence ${i} was compared with ${have} others, fewer than the ${k} neighbours asked for. Lower the MinHash threshold to compare more pairs, or ask for fewer neighbours.`)
    }
    return { indices: this.targets.slice(from, from + k), distances: Float32Array.from(this.lengths.subarray(from, from + k)) }
  }

  /** Connected components of the edges within `radius`, numbered by their lowest point. */
  components(radius: number): { labels: Int32Array; nClusters: number } {
    const n = this.size
    const labels = new Int32Array(n).fill(-1)
    const stack = new Int32Array(n)
    const neighbours: number[] = []
    let nClusters = 0
    for (let i = 0; i < n; i++) {
      if (labels[i] !== -1) continue
      const label = nClusters++
      labels[i] = label
      let top = 0
      stack[top++] = i
      while (top > 0) {
        for (const q of this.rangeOf(stack[--top]!, radius, neighbours)) {
          if (labels[q] !== -1) continue
          labels[q] = label
          stack[top++] = q
        }
      }
    }
    return { labels, nClusters }
  }
}

/** Sorts one row by length, then index: by insertion when short, as most rows are. */
function sortRow(targets: Int32Array, lengths: Float64Array, from: number, to: number): void {
  if (to - from > 32) {
    const order = Array.from({ length: to - from }, (_, x) => from + x).sort((a, b) => lengths[a]! - lengths[b]! || targets[a]! - targets[b]!)
    const t = order.map((e) => targets[e]!)
    const l = order.map((e) => lengths[e]!)
    targets.set(t, from)
    lengths.set(l, from)
    return
  }
  for (let a = from + 1; a < to; a++) {
    const t = targets[a]!
    const l = lengths[a]!
    let b = a - 1
    while (b >= from && (lengths[b]! > l || (lengths[b] === l && targets[b]! > t))) {
      targets[b + 1] = targets[b]!
      lengths[b + 1] = lengths[b]!
      b--
    }
    targets[b + 1] = t
    lengths[b + 1] = l
  }
}
