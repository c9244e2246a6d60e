/**
 * Approximate nearest-neighbour search: one small query interface over E2LSH, SimHash, HNSW and
 * the exact scan they are measured against. Unlike NeighbourIndex (exact, Euclidean, with range
 * queries) a VectorIndex answers k-nearest queries only, for query vectors or indexed rows.
 */
import type { KnnResult } from './types'

export type AnnKind = 'exact' | 'e2lsh' | 'simhash' | 'hnsw'

/** Euclidean distance, or cosine distance 1 − cos(angle). */
export type AnnMetric = 'euclidean' | 'cosine'

export interface VectorIndex {
  readonly kind: AnnKind
  readonly metric: AnnMetric
  /** Points indexed (matrix rows). */
  readonly size: number
  /** Their dimension. */
  readonly dim: number
  /**
   * The (approximately) k nearest points to a query of length `dim`, ascending distance, ties by
   * index; fewer than k when the candidates run out. Distances are exact for the points returned.
   */
  search(query: Float32Array, k: number): KnnResult
  /** The same for row i, i itself left out. */
  searchOf(i: number, k: number): KnnResult
  stats(): IndexStats
}

export interface IndexStats {
  /** The settings the index was built with. */
  params: Readonly<Record<string, number | string>>
  /** Memory the index holds beyond the matrix it was built on (the matrix is shared, not copied). */
  bytes: number
  /** Exact distances computed by the last query: the candidates re-ranked. */
  lastCandidates: number
}
