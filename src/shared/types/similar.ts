/** "Find similar": an item's or an image file's nearest items in a feature set. Types and constants only. */

export type SimilarIndexKind = 'exact' | 'e2lsh' | 'simhash' | 'hnsw'
export type TunedIndexKind = Exclude<SimilarIndexKind, 'exact'>

export const SIMILAR_DEFAULT_K = 12
export const SIMILAR_MAX_K = 200
/** Below this many vectors 'auto' scans them all: exact, and still a few milliseconds a query. */
export const SIMILAR_EXACT_ROWS = 20_000
export const SIMILAR_DEFAULT_RECALL = 0.95

export interface SimilarRequest {
  datasetId: number
  /** The query: one item of the dataset (left out of its own answer)… */
  itemId?: number
  /** …or an image file given by its full path. */
  path?: string
  k?: number
  /** Default: the dataset's default feature set. */
  featureSetId?: number
  index?: 'auto' | SimilarIndexKind
}

export interface SimilarIndexInfo {
  kind: SimilarIndexKind
  params: Record<string, number | string>
  /** Recall@k of the index against exact search on a sample of the set's rows; 1 for exact; null when not measured. */
  recallAtK: number | null
  /** Mean distance to the returned nearest ÷ distance to the true nearest; 1 for exact. */
  approxFactor: number | null
  /** Why this index answered, in words. */
  reason: string
}

export interface SimilarNeighbour {
  itemId: number
  path: string
  distance: number
}

export interface SimilarResult {
  featureSetId: number
  index: SimilarIndexInfo
  neighbours: SimilarNeighbour[]
}

export interface SimilarIndexRequest {
  datasetId: number
  featureSetId?: number
  kind: TunedIndexKind
  /** Recall@10 the tuning aims for; 0.95 by default. */
  targetRecall?: number
}

export interface SimilarIndexReport {
  featureSetId: number
  kind: TunedIndexKind
  params: Record<string, number>
  rows: number
  /** k the figures are measured at: 10, or fewer on a set of 10 items or fewer. */
  k: number
  targetRecall: number
  reached: boolean
  recallAtK: number
  recallAt1: number
  approxFactor: number
  msPerQuery: number
  /** The exact scan's time per query on the same sample, to compare with. */
  exactMsPerQuery: number
  /** Sample queries measured. */
  queries: number
  /** Seconds building and tuning took. */
  seconds: number
}
