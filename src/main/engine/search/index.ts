/**
 * Neighbour search: one interface (NeighbourIndex) over exact indexes, chosen by dimension with
 * buildIndex, and allKnn for every point's k nearest at once; approximate indexes (E2LSH,
 * SimHash, HNSW) behind VectorIndex, their tuning (tuneIndex) and their measure (measureIndex).
 */
export { allKnn, buildIndex, chooseMethod, KD_TREE_MAX_DIM, type ExactMethod, type IndexOptions } from './build-index'
export { BlockedIndex } from './blocked'
export { KdTree } from './kd-tree'
export { SearchError, type KnnResult, type LongWork, type Matrix, type NeighbourIndex } from './types'
export { buildVectorIndex, type AnnParams } from './ann-index'
export { ExactVectorIndex } from './ann-exact'
export { exactAnswers, measureIndex, type AnnQuality, type ExactAnswers, type QuerySet } from './ann-measure'
export type { AnnKind, AnnMetric, IndexStats, VectorIndex } from './ann-types'
export { buildHnsw, HnswIndex, loadHnswlib, type HnswParams } from './hnsw'
export { E2lshIndex, projectionBank, type E2lshParams, type ProjectionBank } from './lsh-e2'
export { SimHashIndex, type SimHashParams } from './simhash'
export { sampleRows, tuneIndex, type TunableKind, type TuneOptions, type TuneResult, type Trial } from './tune'
