/**
 * "Find similar": the k items nearest to an item's stored vector, or to an image file's vector
 * computed as the import computes it, in one feature set, by Euclidean distance. The answering
 * index is exact below SIMILAR_EXACT_ROWS vectors; above, HNSW when its native library loads, else
 * E2LSH tuned for recall 0.95. Indexes are kept in memory per library (a small LRU), and built
 * afresh when the set's vectors change. A model's embeddings are searched by nearestItems, which
 * embeds a file with the model itself.
 */
import { basename } from 'node:path'
import type { FeatureSetInfo, SimilarIndexInfo, SimilarIndexReport, SimilarIndexRequest, SimilarRequest, SimilarResult, TunedIndexKind } from '../../shared/contract'
import { SIMILAR_DEFAULT_K, SIMILAR_DEFAULT_RECALL, SIMILAR_EXACT_ROWS, SIMILAR_MAX_K } from '../../shared/types/similar'
import { buildVectorIndex, exactAnswers, loadHnswlib, sampleRows, tuneIndex, type VectorIndex } from '../engine/search'
import type { FeatureMatrix } from '../store/repos/feature-sets'
import { NotFoundError } from './errors'
import { featureSetsOf } from './features-service'
import { UserInputError } from './import-service'
import type { Library } from './library'
import { checkImageFile, fileFeatures, nearestItems } from './models-nearest'

/** Indexes kept per library; each holds its matrix, so a few are plenty. */
const CACHE_SIZE = 4
/** Recall and the approximation factor are measured at this k, the figures the CLI prints. */
const MEASURE_K = 10
const SEED = 1

interface CachedIndex {
  /** The set's vector count and last change when built: either moving makes the index stale. */
  stamp: string
  matrix: FeatureMatrix
  rowOf: Map<number, number>
  index: VectorIndex
  info: SimilarIndexInfo
  report: SimilarIndexReport | null
}

const caches = new WeakMap<Library, Map<string, CachedIndex>>()

function cacheOf(lib: Library): Map<string, CachedIndex> {
  let cache = caches.get(lib)
  if (!cache) caches.set(lib, (cache = new Map()))
  return cache
}

/** The feature set searched: the one asked for, which must be the dataset's, else the dataset's default. */
export function similarSet(lib: Library, datasetId: number, featureSetId?: number): FeatureSetInfo {
  const dataset = lib.datasets.get(datasetId)
  if (!dataset) throw new NotFoundError(`There is no dataset ${datasetId}: "likeness datasets" lists them.`)
  const sets = featureSetsOf(lib, datasetId)
  if (featureSetId !== undefined) {
    const set = sets.find((s) => s.id === featureSetId)
    if (!set) throw new NotFoundError(`Dataset ${datasetId} has no feature set ${featureSetId}: "likeness features ${datasetId}" lists its sets.`)
    return set
  }
  const set = sets.find((s) => s.isDefault)
  if (!set) throw new UserInputError(`Dataset ${dataset.name} has no complete feature set to search: compute a HOG set first (in the Features panel, or "likeness features ${datasetId} --method hog"), or wait for the one being computed to finish.`)
  return set
}

const stampOf = (set: FeatureSetInfo): string => `${set.vectorCount}@${set.updatedAt}`

/** The index of `set` for `kind`, from the cache or built (and, for approximate kinds, tuned) now. */
async function indexFor(lib: Library, set: FeatureSetInfo, kind: 'exact' | TunedIndexKind, targetRecall: number, reason: string): Promise<CachedIndex> {
  const cache = cacheOf(lib)
  const key = `${set.id}:${kind}:${kind === 'exact' ? '' : targetRecall}`
  const hit = cache.get(key)
  if (hit && hit.stamp === stampOf(set)) {
    cache.delete(key)
    cache.set(key, hit)
    return { ...hit, info: { ...hit.info, reason } }
  }
  const matrix = lib.featureSets.loadMatrix(set.id)
  if (matrix.rows < 2) throw new UserInputError(`Feature set ${set.id} holds ${matrix.rows} vector${matrix.rows === 1 ? '' : 's'}: there is nothing to compare with. Compute the set for the whole dataset first.`)
  const rowOf = new Map(Array.from(matrix.itemIds, (id, r) => [id, r] as [number, number]))
  let entry: CachedIndex
  if (kind === 'exact') {
    const index = await buildVectorIndex(matrix, { kind: 'exact', metric: 'euclidean' })
    entry = { stamp: stampOf(set), matrix, rowOf, index, info: { kind, params: {}, recallAtK: 1, approxFactor: 1, reason }, report: null }
  } else {
    const report = await tuned(set.id, matrix, kind, targetRecall)
    entry = {
      stamp: stampOf(set), matrix, rowOf, index: report.index, report: report.report,
      info: { kind, params: report.report.params, recallAtK: report.report.recallAtK, approxFactor: Number.isFinite(report.report.approxFactor) ? report.report.approxFactor : null, reason }
    }
  }
  cache.set(key, entry)
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!)
  return entry
}

async function tuned(setId: number, matrix: FeatureMatrix, kind: TunedIndexKind, targetRecall: number): Promise<{ index: VectorIndex; report: SimilarIndexReport }> {
  const k = Math.min(MEASURE_K, matrix.rows - 1)
  const t0 = performance.now()
  const result = await tuneIndex(kind, matrix, { targetRecall, k, seed: SEED, metric: 'euclidean' })
  const seconds = (performance.now() - t0) / 1000
  const exact = exactAnswers(matrix, { rows: sampleRows(matrix.rows, Math.min(50, matrix.rows), SEED) }, k)
  const q = result.quality
  return {
    index: result.index,
    report: {
      featureSetId: setId, kind, params: result.params, rows: matrix.rows, k, targetRecall, reached: result.reached,
      recallAtK: q.recallAtK, recallAt1: q.recallAt1, approxFactor: q.approxFactor, msPerQuery: q.msPerQuery,
      exactMsPerQuery: exact.msPerQuery, queries: q.queries, seconds
    }
  }
}

/** 'auto': exact on small sets, HNSW on big ones when it loads, else tuned E2LSH; with the reason. */
async function chooseKind(set: FeatureSetInfo, asked: SimilarRequest['index']): Promise<{ kind: 'exact' | TunedIndexKind; reason: string }> {
  const rows = set.vectorCount.toLocaleString('en')
  if (asked && asked !== 'auto') return { kind: asked, reason: `The ${asked} index was asked for (${rows} vectors).` }
  if (set.vectorCount < SIMILAR_EXACT_ROWS) {
    return { kind: 'exact', reason: `Exact search: the set has ${rows} vectors, under ${SIMILAR_EXACT_ROWS.toLocaleString('en')}, so comparing with every one is fast and misses nothing.` }
  }
  try {
    await loadHnswlib()
    return { kind: 'hnsw', reason: `HNSW tuned for recall ${SIMILAR_DEFAULT_RECALL}: the set has ${rows} vectors, too many to compare with every one for each query.` }
  } catch {
    return { kind: 'e2lsh', reason: `E2LSH tuned for recall ${SIMILAR_DEFAULT_RECALL}: the set has ${rows} vectors and HNSW's native library is not installed.` }
  }
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > SIMILAR_MAX_K) throw new UserInputError(`k must be a whole number from 1 to ${SIMILAR_MAX_K}, not ${k}.`)
}

function withPaths(lib: Library, found: { itemId: number; distance: number }[]): SimilarResult['neighbours'] {
  if (found.length === 0) return []
  const ids = found.map((f) => f.itemId)
  const rows = lib.db.prepare(`SELECT id, rel_path AS relPath FROM items WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: number; relPath: string }[]
  const paths = new Map(rows.map((r) => [r.id, r.relPath]))
  return found.map((f) => ({ itemId: f.itemId, path: paths.get(f.itemId) ?? '', distance: f.distance }))
}

/** The k items nearest to the item or the image file, nearest first. */
export async function findSimilar(lib: Library, req: SimilarRequest): Promise<SimilarResult> {
  const k = req.k ?? SIMILAR_DEFAULT_K
  checkK(k)
  if ((req.itemId === undefined) === (req.path === undefined)) throw new UserInputError('Give one query: an item of the dataset or the full path of an image file, not both or neither.')
  const set = similarSet(lib, req.datasetId, req.featureSetId)
  if (req.itemId !== undefined) {
    const item = lib.items.get(req.itemId)
    if (!item) throw new NotFoundError(`There is no item ${req.itemId}.`)
    if (item.datasetId !== req.datasetId) throw new UserInputError(`Item ${req.itemId} belongs to dataset ${item.datasetId}, not ${req.datasetId}: search in its own dataset.`)
  }
  if (set.origin === 'model' && req.path !== undefined) {
    // Only the model itself can embed a new file; nearestItems compares with every embedding.
    const modelId = Number(set.params['modelId'])
    const near = await nearestItems(lib, { modelId, path: req.path, k: Math.min(k, 100), datasetId: req.datasetId })
    return {
      featureSetId: set.id,
      index: { kind: 'exact', params: {}, recallAtK: 1, approxFactor: 1, reason: `The image was embedded with model ${modelId} and compared with every stored embedding.` },
      neighbours: near.neighbours.map((n) => ({ itemId: n.itemId, path: n.path, distance: n.distance }))
    }
  }
  const query = req.path !== undefined ? await fileVector(lib, set, req.path) : null
  const { kind, reason } = await chooseKind(set, req.index)
  const entry = await indexFor(lib, set, kind, SIMILAR_DEFAULT_RECALL, reason)
  if (query && query.length !== entry.matrix.cols) throw new Error(`The image's vector has ${query.length} values but the set's have ${entry.matrix.cols}: compute feature set ${set.id} again.`)
  let result
  if (query) result = entry.index.search(query, Math.min(k, entry.matrix.rows))
  else {
    const row = entry.rowOf.get(req.itemId!)
    if (row === undefined) throw new UserInputError(`Item ${req.itemId} has no vector in feature set ${set.id} (it could not be read, or the set is not complete): choose another item or feature set.`)
    result = entry.index.searchOf(row, Math.min(k, entry.matrix.rows - 1))
  }
  const found = Array.from(result.indices, (r, i) => ({ itemId: entry.matrix.itemIds[r]!, distance: result.distances[i]! }))
  return { featureSetId: set.id, index: entry.info, neighbours: withPaths(lib, found) }
}

async function fileVector(lib: Library, set: FeatureSetInfo, path: string): Promise<Float32Array> {
  await checkImageFile(lib, path)
  const refuse = (why: 'not-pixels' | 'post'): Error =>
    new UserInputError(
      why === 'post'
        ? `Feature set ${set.id} (${set.label}, ${set.post}) was fitted over the dataset's own items, so one new image cannot be placed in it: choose a set without post-processing.`
        : `Feature set ${set.id} (${set.label}) is not computed from an image's pixels, so an image file cannot be placed in it: choose an image feature set such as HOG.`
    )
  const { vector, reason } = await fileFeatures(lib, set, path, refuse)
  if (!vector) throw new UserInputError(`${basename(path)} could not be read as an image (${reason ?? 'no reason given'}): check the file, or try another copy.`)
  return vector
}

/** Builds and tunes an index of the set (kept for later searches) and measures it against exact search. */
export async function buildSimilarIndex(lib: Library, req: SimilarIndexRequest): Promise<SimilarIndexReport> {
  const targetRecall = req.targetRecall ?? SIMILAR_DEFAULT_RECALL
  if (!(targetRecall > 0 && targetRecall <= 1)) throw new UserInputError(`The target recall must be above 0 and at most 1, such as 0.95, not ${targetRecall}.`)
  const set = similarSet(lib, req.datasetId, req.featureSetId)
  const entry = await indexFor(lib, set, req.kind, targetRecall, `The ${req.kind} index was asked for.`)
  return entry.report!
}
