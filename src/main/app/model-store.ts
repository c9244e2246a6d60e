/**
 * What the model services share: the models table, the models' folders under the library's
 * folder, the items a model reads (in the order a feature set's matrix uses), and storing a
 * model's embeddings as a feature set of origin 'model'.
 */
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ModelInfo } from '../../shared/contract'
import { ModelsRepo, type ModelRecord } from '../store/repos/models'
import { canonicalJson } from './canonical-json'
import { readScoreHistogram } from './model-scores'
import type { Library } from './library'

export const models = (lib: Library): ModelsRepo => new ModelsRepo(lib.db)

/** The library's folder: model folders are kept relative to it, so a moved library keeps its models. */
export function libraryFolder(lib: Library): string {
  return lib.path === ':memory:' ? process.cwd() : dirname(lib.path)
}

export const modelDirOf = (id: number): string => join('models', String(id))

/** The model's folder, made (0700) when missing. */
export async function ensureModelDir(lib: Library, record: ModelRecord): Promise<string> {
  const relative = record.dir ?? modelDirOf(record.id)
  const absolute = join(libraryFolder(lib), relative)
  await mkdir(absolute, { recursive: true, mode: 0o700 })
  if (record.dir === null) models(lib).update(record.id, { dir: relative })
  return absolute
}

/**
 * The model as the contract shows it. A model left 'training' by a process that was killed has no
 * job running it: it shows as 'cancelled', which is what it is, a training to resume.
 */
export function modelInfo(lib: Library, r: ModelRecord): ModelInfo {
  const info = toModelInfo(r, readScoreHistogram(r.dir === null ? null : join(libraryFolder(lib), r.dir)))
  if (r.state !== 'training') return info
  const running = lib.jobs.list().some((j) => j.kind === 'train' && lib.runner.isRunning(j.id) && lib.jobs.params<{ modelId: number }>(j.id).modelId === r.id)
  return running ? info : { ...info, state: 'cancelled' }
}

export function toModelInfo(r: ModelRecord, scoreHistogram: ModelInfo['scoreHistogram'] = null): ModelInfo {
  return {
    id: r.id, datasetId: r.datasetId, kind: r.kind, label: r.label, params: r.params, reason: r.reason, backend: r.backend,
    curve: r.curve, bestEpoch: r.bestEpoch, metrics: r.metrics, state: r.state, featureSetId: r.featureSetId, createdAt: r.createdAt, scoreHistogram
  }
}

export interface ModelItem {
  id: number
  relPath: string
  group: string
}

/** The readable items of a dataset, by path: the order of a feature set's matrix. */
export function readableItems(lib: Library, datasetId: number): ModelItem[] {
  return lib.db
    .prepare(`SELECT id, rel_path AS relPath, grp AS "group" FROM items WHERE dataset_id = ? AND status IN ('ok', 'partial') ORDER BY rel_path, id`)
    .all(datasetId) as ModelItem[]
}

export const featureMethodOf = (kind: ModelInfo['kind']): string => kind

/**
 * Stores a model's embeddings of a dataset as a feature set, replacing the set an earlier
 * embedding of the same model made. Returns the set's id.
 */
export function storeEmbeddings(
  lib: Library, datasetId: number, model: ModelRecord, rows: { itemIds: readonly number[]; vectors: Float32Array; dim: number },
  work: { seconds: number; failed: number; lastReason: string | null }
): number {
  const params = canonicalJson({ modelId: model.id })
  const method = featureMethodOf(model.kind)
  return lib.db.transaction(() => {
    const old = lib.featureSets.find(datasetId, method, params, '')
    if (old) lib.featureSets.remove(old.id)
    const reason = `The embeddings of model ${model.id}, ${model.label}.`
    const id = lib.featureSets.create(datasetId, method, params, '', rows.dim, 'model', reason)
    lib.featureSets.putVectors(id, rows.dim, (function* () {
      for (let r = 0; r < rows.itemIds.length; r++) yield { itemId: rows.itemIds[r]!, vector: rows.vectors.subarray(r * rows.dim, (r + 1) * rows.dim) }
    })())
    lib.featureSets.recordWork(id, work.seconds, work.failed, work.lastReason)
    return id
  })()
}
