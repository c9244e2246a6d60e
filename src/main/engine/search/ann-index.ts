/**
 * One entry point for the approximate indexes: buildVectorIndex(kind, matrix, params). HNSW
 * loads its native library on first use, so building is asynchronous for every kind.
 */
import { ExactVectorIndex } from './ann-exact'
import type { AnnKind, AnnMetric, VectorIndex } from './ann-types'
import { buildHnsw, type HnswParams } from './hnsw'
import { E2lshIndex, type E2lshParams } from './lsh-e2'
import { SimHashIndex, type SimHashParams } from './simhash'
import { SearchError, type LongWork, type Matrix } from './types'

export type AnnParams =
  | { kind: 'exact'; metric?: AnnMetric }
  | ({ kind: 'e2lsh' } & E2lshParams)
  | ({ kind: 'simhash'; metric?: AnnMetric } & SimHashParams)
  | ({ kind: 'hnsw'; metric?: AnnMetric } & HnswParams)

export async function buildVectorIndex(matrix: Matrix, params: AnnParams, work: LongWork = {}): Promise<VectorIndex> {
  switch (params.kind) {
    case 'exact':
      return new ExactVectorIndex(matrix, params.metric)
    case 'e2lsh': {
      const { kind: _, ...p } = params
      return new E2lshIndex(matrix, p, work)
    }
    case 'simhash': {
      const { kind: _, metric, ...p } = params
      return new SimHashIndex(matrix, p, metric, work)
    }
    case 'hnsw': {
      const { kind: _, metric, ...p } = params
      return buildHnsw(matrix, p, metric, work)
    }
    default:
      throw new SearchError(`There is no index kind "${String((params as { kind: AnnKind }).kind)}"; use "exact", "e2lsh", "simhash" or "hnsw".`)
  }
}
