/**
 * Neighbour search: one interface (NeighbourIndex) over exact indexes, chosen by dimension with
 * buildIndex, and allKnn for every point's k nearest at once.
 */
export { allKnn, buildIndex, chooseMethod, KD_TREE_MAX_DIM, type ExactMethod, type IndexOptions } from './build-index'
export { BlockedIndex } from './blocked'
export { KdTree } from './kd-tree'
export { SearchError, type KnnResult, type LongWork, type Matrix, type NeighbourIndex } from './types'
