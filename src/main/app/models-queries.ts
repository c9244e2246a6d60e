/** Reading, comparing with and removing models; the backends report. */
import { existsSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join, relative, isAbsolute } from 'node:path'
import type { BackendReport, CompareResult } from '../../shared/contract'
import { similarity as fusedSimilarity, pairScores, type FusionModel } from '../engine/nn/fusion'
import { backendsOnThread } from '../jobs/train-thread'
import { NotFoundError } from './errors'
import { UserInputError } from './import-service'
import { libraryFolder, models } from './model-store'
import { FUSION_FILE, type TrainJobParams } from './models-service'
import type { Library } from './library'
import type { ModelRecord } from '../store/repos/models'

export function vectorOf(lib: Library, featureSetId: number, itemId: number): Float32Array | null {
  const row = lib.db.prepare('SELECT vector FROM feature_vectors WHERE feature_set_id = ? AND item_id = ?').get(featureSetId, itemId) as { vector: Buffer } | undefined
  if (!row) return null
  // Copied: a BLOB's buffer need not be aligned for a Float32Array view.
  return new Float32Array(new Uint8Array(row.vector).buffer)
}

/** The learned fusion of scores training fitted (fusion.json in the model's folder), or null. */
export function readFusion(lib: Library, model: Pick<ModelRecord, 'dir'>): FusionModel | null {
  const fusionPath = model.dir === null ? null : join(libraryFolder(lib), model.dir, FUSION_FILE)
  return fusionPath !== null && existsSync(fusionPath) ? (JSON.parse(readFileSync(fusionPath, 'utf8')) as FusionModel) : null
}

/**
 * The model's similarity of two items from the stored embeddings: the learned fusion of cosine,
 * distance and dot product when training fitted one, else the cosine mapped to 0..1. The threshold
 * is the distance chosen on validation pairs; pairs at or under it count as similar.
 */
export function compareItems(lib: Library, modelId: number, a: number, b: number): CompareResult {
  const model = models(lib).get(modelId)
  if (!model) throw new NotFoundError(`There is no model ${modelId}.`)
  if (model.featureSetId === null) throw new UserInputError(`Model ${modelId} has no embeddings of its dataset yet: train it to the end or embed the dataset with it.`)
  const va = vectorOf(lib, model.featureSetId, a)
  const vb = vectorOf(lib, model.featureSetId, b)
  const missing = va === null ? a : vb === null ? b : null
  if (missing !== null) throw new NotFoundError(`Item ${missing} has no embedding from model ${modelId}: it is not in the model's dataset, or could not be read. Embed the dataset again after importing new images.`)
  const fusion = readFusion(lib, model)
  const [cosine, distance] = pairScores(va!, vb!)
  const similarity = fusion ? fusedSimilarity(va!, vb!, fusion) : Math.min(1, Math.max(0, (cosine + 1) / 2))
  const threshold = model.metrics['threshold'] ?? null
  return { similarity, distance, threshold, similar: threshold === null ? null : distance <= threshold }
}

function busy(lib: Library, modelId: number): boolean {
  return lib.jobs.list().some((j) => (j.kind === 'train' || j.kind === 'embed') && lib.runner.isRunning(j.id) && lib.jobs.params<Pick<TrainJobParams, 'modelId'>>(j.id).modelId === modelId)
}

/** Removes a model's row and folder. Its feature set stays (runs may use it); remove that on its own. */
export async function removeModel(lib: Library, id: number): Promise<boolean> {
  const model = models(lib).get(id)
  if (!model) throw new NotFoundError(`There is no model ${id}.`)
  if (busy(lib, id)) throw new Error(`Model ${id} is training or embedding: cancel that job first, then remove it.`)
  if (model.dir !== null) {
    const root = join(libraryFolder(lib), 'models')
    const dir = join(libraryFolder(lib), model.dir)
    const inside = relative(root, dir)
    // Only a folder under the library's models folder is ever deleted.
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) await rm(dir, { recursive: true, force: true })
  }
  const removed = models(lib).remove(id)
  lib.bus.emit('models:changed', { datasetId: model.datasetId })
  return removed
}

/** Which backend a model would run on, as a fresh thread finds them. */
export async function backendReport(): Promise<BackendReport> {
  const answer = await backendsOnThread()
  if (answer.report === null) throw new Error(answer.why ?? 'No backend can run a model here.')
  return answer.report
}
