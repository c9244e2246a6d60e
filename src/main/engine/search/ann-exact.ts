/**
 * Exact search behind the VectorIndex interface: every row measured, as the baseline the
 * approximate indexes are measured against and as their ground truth. Euclidean distances are
 * the reference sums (as blocked.ts, abandoning a row once its partial sum passes the k-th best);
 * cosine distance is 1 − a·b / (‖a‖·‖b‖), and a zero vector is at distance 1 from everything.
 */
import { Reranker } from './ann-kernel'
import { RowQueryIndex } from './ann-query'
import type { AnnMetric, IndexStats } from './ann-types'
import { checkMatrix } from './checks'
import { KnnHeap } from './knn-heap'
import type { KnnResult, Matrix } from './types'

export class ExactVectorIndex extends RowQueryIndex {
  readonly kind = 'exact'
  readonly size: number
  readonly dim: number
  protected readonly data: Float32Array
  private readonly reranker: Reranker
  private norms: Float64Array | null = null
  private measured = 0

  constructor(
    matrix: Matrix,
    readonly metric: AnnMetric = 'euclidean'
  ) {
    super()
    checkMatrix(matrix)
    this.data = matrix.data
    this.size = matrix.rows
    this.dim = matrix.cols
    this.reranker = new Reranker(this.data, this.dim, this.size)
    if (metric === 'cosine') this.norms = rowNorms(matrix)
  }

  override stats(): IndexStats {
    return { params: { metric: this.metric }, bytes: this.norms?.byteLength ?? 0, lastCandidates: this.measured }
  }

  protected override query(q: Float32Array, qOff: number, k: number, exclude: number): KnnResult {
    this.measured = this.size - (exclude >= 0 ? 1 : 0)
    if (this.metric === 'cosine') return cosineScan(this.data, this.dim, this.norms!, q, qOff, k, exclude)
    const heap = this.reranker.begin(q, qOff, k, exclude)
    for (let j = 0; j < this.size; j++) this.reranker.offer(j)
    return heap.result()
  }
}

export function rowNorms(matrix: Matrix): Float64Array {
  const { data, rows, cols } = matrix
  const norms = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    let s = 0
    for (let d = 0; d < cols; d++) s += data[i * cols + d]! * data[i * cols + d]!
    norms[i] = Math.sqrt(s)
  }
  return norms
}

/** Cosine distance between a query and row j, given the row norms and the query's norm. */
export function cosineDistance(data: Float32Array, dim: number, norms: Float64Array, q: Float32Array, qOff: number, qNorm: number, j: number): number {
  const nj = norms[j]!
  if (nj === 0 || qNorm === 0) return 1
  let s = 0
  const b = j * dim
  for (let d = 0; d < dim; d++) s += data[b + d]! * q[qOff + d]!
  return Math.max(0, 1 - s / (nj * qNorm))
}

export function queryNorm(q: Float32Array, qOff: number, dim: number): number {
  let s = 0
  for (let d = 0; d < dim; d++) s += q[qOff + d]! * q[qOff + d]!
  return Math.sqrt(s)
}

function cosineScan(data: Float32Array, dim: number, norms: Float64Array, q: Float32Array, qOff: number, k: number, exclude: number): KnnResult {
  const heap = new KnnHeap(k)
  const qNorm = queryNorm(q, qOff, dim)
  // The heap keeps squared distances and returns their roots: offer the square of the cosine distance.
  for (let j = 0; j < norms.length; j++) {
    if (j === exclude) continue
    const c = cosineDistance(data, dim, norms, q, qOff, qNorm, j)
    if (c * c <= heap.bound()) heap.offer(c * c, j)
  }
  return heap.result()
}
