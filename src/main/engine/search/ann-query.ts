/**
 * The query plumbing every VectorIndex shares: `search` and `searchOf` check their arguments the
 * same way and reach one `query` over a vector at an offset, with the row to leave out (−1: none).
 */
import type { AnnKind, AnnMetric, IndexStats, VectorIndex } from './ann-types'
import { checkPoint, checkQuery } from './checks'
import { SearchError, type KnnResult } from './types'

export abstract class RowQueryIndex implements VectorIndex {
  abstract readonly kind: AnnKind
  abstract readonly metric: AnnMetric
  abstract readonly size: number
  abstract readonly dim: number
  protected abstract readonly data: Float32Array

  search(query: Float32Array, k: number): KnnResult {
    checkQuery(query, this.dim)
    checkNeighbours(k)
    return this.query(query, 0, k, -1)
  }

  searchOf(i: number, k: number): KnnResult {
    checkPoint(i, this.size)
    checkNeighbours(k)
    return this.query(this.data, i * this.dim, k, i)
  }

  abstract stats(): IndexStats

  /** The k nearest to q[qOff … qOff + dim), row `exclude` left out; k is already checked. */
  protected abstract query(q: Float32Array, qOff: number, k: number, exclude: number): KnnResult
}

/** Unlike checks.ts's checkK, k may exceed the points indexed: the result is then shorter. */
function checkNeighbours(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new SearchError(`k must be a whole number ≥ 1, not ${k}.`)
}
