import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type {
  DatasetKind, DatasetSummary, FeatureMethodInfo, FeatureSetInfo, FeaturesRequest, FeaturesSummary, JobOf
} from '../../shared/contract'
import { FEATURE_IDS, FEATURE_METHODS, featureMethod, type FeatureParams } from '../engine/features'
import type { FeatureBatch } from '../engine/features/batch'
import { featureSourceSize } from '../engine/io/feature-pixels'
import { readIdxImages } from '../engine/io/tables'
import { applyPost, describePostSteps, parsePostSteps } from '../engine/post'
import type { FeatureTask } from '../jobs/features.worker'
import { JobCancelledError, type JobContext } from '../jobs/runner'
import type { FeatureSetRecord } from '../store/repos/feature-sets'
import { hogForImages, type ChosenParams } from '../engine/features/image-defaults'
import type { HogParams } from '../engine/features'
import { SIZE_SAMPLE } from './image-sizes'
import { UserInputError } from './import-service'
import { canonicalJson } from './canonical-json'
import type { Library } from './library'

/** The vectors a vector file brought with it: not computed, only post-processed. */
export const IMPORTED_METHOD = 'imported'

/** What a features job was asked for, checked and in canonical form. */
export interface FeaturesJobParams {
  datasetId: number
  method: string
  params: Record<string, number | string | boolean>
  post: string
  /** Why these parameters, when the app chose them from the images. */
  reason?: string
}

/** Images per task: a worker answers a batch in tens of milliseconds, so messages cost little. */
const FILES_PER_TASK = 16
const PIXELS_PER_TASK = 256

export function featureMethods(): FeatureMethodInfo[] {
  const computed: FeatureMethodInfo[] = FEATURE_IDS.map((id) => {
    const m = FEATURE_METHODS[id]
    const defaults = m.defaults as unknown as Record<string, number | string | boolean>
    return {
      id, label: m.label, description: m.description, appliesTo: ['images'] as DatasetKind[],
      params: Object.entries(m.specs).map(([name, spec]) => ({ name, spec: spec as FeatureMethodInfo['params'][number]['spec'], default: defaults[name]! }))
    }
  })
  return [
    ...computed,
    { id: IMPORTED_METHOD, label: 'From the file', description: 'The vectors as the imported file gives them.', params: [], appliesTo: ['vectors'] }
  ]
}

/** Feature sets made by a model: the embeddings of a trained network or an ONNX encoder. */
const MODEL_LABELS: Record<string, string> = { autoencoder: 'Autoencoder', siamese: 'Siamese network', onnx: 'Pretrained model' }

export function methodLabel(method: string): string {
  if (method === IMPORTED_METHOD) return 'From the file'
  if (Object.hasOwn(MODEL_LABELS, method)) return MODEL_LABELS[method]!
  return Object.hasOwn(FEATURE_METHODS, method) ? featureMethod(method).label : method
}

export function toFeatureSetInfo(r: FeatureSetRecord, isDefault = false): FeatureSetInfo {
  return { ...r, label: methodLabel(r.method), isDefault }
}

/**
 * The set a run uses when the user chooses none. For images: the set the import made (HOG with
 * parameters chosen from the images, measured best across the benchmark's data sets on the product
 * path), else the oldest complete HOG set; an image file's own pixels are not it (on MNIST they
 * gave ACC 0.86 against HOG's 0.98), so with none of those there is no default and a run
 * computes HOG first. For vectors: the vectors the file brought. Otherwise the oldest complete set.
 */
export function defaultFeatureSet<S extends Pick<FeatureSetInfo, 'origin' | 'post' | 'complete' | 'method'>>(sets: readonly S[], kind: DatasetKind): S | null {
  const complete = sets.filter((s) => s.complete && s.post === '')
  if (kind === 'images') return complete.find((s) => s.origin === 'import') ?? complete.find((s) => s.method === 'hog') ?? null
  return complete.find((s) => s.origin === 'file') ?? sets.find((s) => s.complete) ?? null
}

/** A dataset's feature sets, oldest first, the default one marked. */
export function featureSetsOf(lib: Library, datasetId: number): FeatureSetInfo[] {
  const records = lib.featureSets.list(datasetId)
  const chosen = defaultFeatureSet(records, lib.datasets.get(datasetId)?.kind ?? 'images')
  return records.map((r) => toFeatureSetInfo(r, r === chosen))
}


/**
 * HOG's parameters for an image dataset when the user gives none: those of the set its import
 * made, or chosen from the images' sizes (the items' stored sizes, or an IDX file's) as an import
 * would choose them. Null for datasets of other kinds.
 */
export function imageHogDefaults(lib: Library, dataset: DatasetSummary): ChosenParams<HogParams> | null {
  if (dataset.kind !== 'images') return null
  const imported = lib.featureSets.importSet(dataset.id)
  if (imported?.method === 'hog') return { params: FEATURE_METHODS.hog.params(imported.params), reason: imported.reason ?? 'The parameters of the set the import made.' }
  if (dataset.source.type === 'idx-images') return hogForImages([{ width: dataset.source.cols, height: dataset.source.rows }])
  return hogForImages(lib.items.sizeSample(dataset.id, SIZE_SAMPLE))
}

/**
 * Checks a request against the dataset and the method; the error says what to change. With the
 * library, a HOG request without parameters gets the dataset's own (`imageHogDefaults`).
 */
export function checkFeaturesRequest(dataset: DatasetSummary, req: FeaturesRequest, lib?: Library): FeaturesJobParams {
  if (lib && req.method === 'hog' && (req.params === undefined || Object.keys(req.params).length === 0)) {
    const chosen = imageHogDefaults(lib, dataset)
    if (chosen) {
      const p = checkFeaturesRequest(dataset, { ...req, params: chosen.params as unknown as FeaturesRequest['params'] })
      return { ...p, reason: chosen.reason }
    }
  }
  let post: string
  try {
    post = describePostSteps(parsePostSteps(req.post ?? ''))
  } catch (err) {
    throw new UserInputError((err as Error).message)
  }
  if (req.method === IMPORTED_METHOD) {
    if (dataset.kind !== 'vectors') {
      throw new UserInputError(`'${IMPORTED_METHOD}' vectors exist only for datasets imported from a vector file; ${dataset.name} holds ${dataset.kind}.`)
    }
    return { datasetId: dataset.id, method: req.method, params: {}, post }
  }
  if (dataset.kind !== 'images') {
    const hint = dataset.kind === 'vectors' ? ` Use '${IMPORTED_METHOD}' (with post-processing if you like).` : ' Sequences are compared with string measures directly.'
    throw new UserInputError(`Feature method '${req.method}' works on images; ${dataset.name} holds ${dataset.kind}.${hint}`)
  }
  let params: FeatureParams
  try {
    params = featureMethod(req.method).params(req.params ?? {})
  } catch (err) {
    throw new UserInputError((err as Error).message)
  }
  return { datasetId: dataset.id, method: req.method, params: params as unknown as FeaturesJobParams['params'], post }
}

export function featuresJobTitle(dataset: DatasetSummary, p: FeaturesJobParams): string {
  return `${methodLabel(p.method)}${p.post ? ` + ${p.post}` : ''} features of ${dataset.name}`
}

export function createFeaturesJob(lib: Library, dataset: DatasetSummary, p: FeaturesJobParams): JobOf<'features'> {
  return lib.jobs.create('features', featuresJobTitle(dataset, p), dataset.id, p)
}

/**
 * Computes (or finds) a feature set. Vectors are stored in batches as they come, so a killed job
 * resumes where it stopped; a cancelled one takes back every vector it wrote (and the set, if it
 * made it), so nothing partial is left. A complete set is reused and nothing is computed.
 */
export async function runFeatures(ctx: JobContext, lib: Library, p: FeaturesJobParams): Promise<FeaturesSummary> {
  const started = performance.now()
  const params = canonicalJson(p.params)
  if (p.post === '') return computeBase(ctx, lib, p, params, started)
  const base = await computeBase(ctx, lib, { ...p, post: '' }, params, started)
  return derive(ctx, lib, p, params, base, started)
}

async function computeBase(ctx: JobContext, lib: Library, p: FeaturesJobParams, params: string, started: number): Promise<FeaturesSummary> {
  const dataset = lib.datasets.get(p.datasetId)
  if (!dataset) throw new UserInputError(`There is no dataset ${p.datasetId}; it may have been removed.`)
  const found = lib.featureSets.find(p.datasetId, p.method, params, '')
  if (p.method === IMPORTED_METHOD) {
    if (!found) throw new UserInputError(`${dataset.name} has no imported vectors: import its file again.`)
    return summary(found, true, 0, 0, started)
  }
  if (found?.complete) return summary(found, true, 0, 0, started)
  const method = featureMethod(p.method)
  const checked = method.params(p.params)
  const setId = found?.id ?? lib.featureSets.create(p.datasetId, p.method, params, '', method.dimension(checked), 'computed', p.reason ?? null)
  const todo = lib.featureSets.missingItems(setId)
  if (found) lib.featureSets.clearFailures(setId)
  const written: number[] = []
  let failed = 0
  let lastReason: string | null = null
  const phase = `Computing ${method.label}`
  ctx.progress({ phase, done: 0, total: todo.length })
  const jobStarted = performance.now()

  const onBatch = (ids: readonly number[], batch: FeatureBatch): void => {
    const entries: { itemId: number; vector: Float32Array }[] = []
    ids.forEach((itemId, i) => {
      const reason = batch.failed[i]
      if (reason) {
        failed++
        lastReason = reason
      } else entries.push({ itemId, vector: batch.vectors.subarray(i * batch.dimension, (i + 1) * batch.dimension) })
    })
    lib.featureSets.putVectors(setId, batch.dimension, entries)
    for (const e of entries) written.push(e.itemId)
    ctx.progress({ phase, done: written.length + failed, total: todo.length })
  }

  try {
    const tasks = await planTasks(dataset, p.method, checked, todo, lib)
    await runTasks(lib, tasks, onBatch, ctx.signal)
  } catch (err) {
    // Nothing of a cancelled or failed job stays: its own vectors go, and the set if it made it.
    if (found) lib.featureSets.deleteVectors(setId, written)
    else lib.featureSets.remove(setId)
    if (ctx.signal.aborted) throw new JobCancelledError(`Stopped after ${written.length} of ${todo.length} images; nothing was kept.`)
    throw err
  }
  lib.featureSets.recordWork(setId, (performance.now() - jobStarted) / 1000, failed, lastReason)
  return summary(lib.featureSets.get(setId)!, false, written.length, failed, started)
}

/** Post-processing depends on every vector at once (means, PCA axes): a derived set is made whole. */
async function derive(
  ctx: JobContext, lib: Library, p: FeaturesJobParams, params: string, base: FeaturesSummary, started: number
): Promise<FeaturesSummary> {
  const existing = lib.featureSets.find(p.datasetId, p.method, params, p.post)
  const baseSet = lib.featureSets.get(base.featureSetId)!
  // A derived set is current when it was made after the last change to the vectors it came from.
  if (existing && existing.vectorCount === baseSet.vectorCount && existing.createdAt >= baseSet.updatedAt) {
    return summary(existing, true, 0, 0, started)
  }
  const t0 = performance.now()
  ctx.progress({ phase: `Post-processing (${p.post})`, done: 0, total: null })
  const matrix = lib.featureSets.loadMatrix(base.featureSetId)
  const out = await applyPost(matrix, parsePostSteps(p.post), {
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress({ phase: `Post-processing (${p.post})`, done, total })
  })
  if (ctx.signal.aborted) throw new JobCancelledError('Cancelled during post-processing; nothing was kept.')
  const setId = lib.db.transaction(() => {
    if (existing) lib.featureSets.remove(existing.id)
    const id = lib.featureSets.create(p.datasetId, p.method, params, p.post, out.cols, 'computed')
    lib.featureSets.putVectors(id, out.cols, rowsOf(matrix.itemIds, out.data, out.cols))
    lib.featureSets.recordWork(id, (performance.now() - t0) / 1000, 0, null)
    return id
  })()
  return summary(lib.featureSets.get(setId)!, false, matrix.rows, 0, started)
}

function* rowsOf(itemIds: Int32Array, data: Float32Array, cols: number): Generator<{ itemId: number; vector: Float32Array }> {
  for (let r = 0; r < itemIds.length; r++) yield { itemId: itemIds[r]!, vector: data.subarray(r * cols, (r + 1) * cols) }
}

function summary(set: FeatureSetRecord, reused: boolean, computed: number, failed: number, started: number): FeaturesSummary {
  return {
    featureSetId: set.id, datasetId: set.datasetId, reused, computed, failed, vectors: set.vectorCount,
    dimension: set.dimension, seconds: (performance.now() - started) / 1000
  }
}

interface PlannedTask {
  itemIds: number[]
  task: FeatureTask
}

/** Splits the work into worker tasks: file batches for a folder, pixel blocks for an IDX file. */
async function planTasks(
  dataset: DatasetSummary, method: string, params: FeatureParams, todo: { id: number; relPath: string }[], lib: Library
): Promise<PlannedTask[]> {
  const tasks: PlannedTask[] = []
  const source = dataset.source
  if (source.type === 'idx-images') {
    let file: Buffer
    try {
      file = await readFile(source.images)
    } catch {
      throw new UserInputError(`The IDX file ${source.images} cannot be read any more: put it back, or import it again from where it is now.`)
    }
    const idx = readIdxImages(file)
    const size = idx.rows * idx.cols
    for (let start = 0; start < todo.length; start += PIXELS_PER_TASK) {
      const part = todo.slice(start, start + PIXELS_PER_TASK)
      const data = new Uint8Array(part.length * size)
      part.forEach((item, i) => {
        const index = Number(item.relPath)
        if (!Number.isInteger(index) || index < 0 || index >= idx.count) throw new Error(`Item ${item.relPath} is not an image of ${source.images}.`)
        data.set(idx.pixels.subarray(index * size, (index + 1) * size), i * size)
      })
      tasks.push({ itemIds: part.map((t) => t.id), task: { kind: 'pixels', method, params, width: idx.cols, height: idx.rows, channels: 1, count: part.length, data } })
    }
    return tasks
  }
  if (source.type !== 'folder') throw new UserInputError(`Images of a ${source.type} dataset cannot be read for features.`)
  const decode = lib.decodeOptions()
  const pixels = { sourceSize: featureSourceSize(params), limitInputPixels: decode.limitInputPixels, maxFileBytes: decode.maxFileBytes }
  for (let start = 0; start < todo.length; start += FILES_PER_TASK) {
    const part = todo.slice(start, start + FILES_PER_TASK)
    tasks.push({ itemIds: part.map((t) => t.id), task: { kind: 'files', method, params, paths: part.map((t) => join(dataset.root, t.relPath)), pixels } })
  }
  return tasks
}

/** Runs tasks on the features workers, a few ahead, handing each answer over in completion order. */
async function runTasks(
  lib: Library, tasks: PlannedTask[], onBatch: (ids: readonly number[], batch: FeatureBatch) => void, signal: AbortSignal
): Promise<void> {
  const pool = lib.featuresPool()
  const limit = pool.size * 2
  let next = 0
  let failure: unknown = null
  let closed = false
  const worker = async (): Promise<void> => {
    while (next < tasks.length && !signal.aborted && failure === null) {
      const t = tasks[next++]!
      try {
        const batch = await pool.run(t.task)
        if (!closed && !signal.aborted) onBatch(t.itemIds, batch)
      } catch (err) {
        // A batch that crashed its worker (a decoder fault) fails its own images; the job goes on.
        if ((err as { kind?: string }).kind === 'worker-crashed' && !closed) {
          onBatch(t.itemIds, { vectors: new Float32Array(0), dimension: 0, failed: t.itemIds.map(() => `The worker stopped on this batch: ${(err as Error).message}`) })
        } else failure ??= err
      }
    }
  }
  const aborted = new Promise<void>((res) => (signal.aborted ? res() : signal.addEventListener('abort', () => res(), { once: true })))
  await Promise.race([Promise.all(Array.from({ length: limit }, worker)), aborted])
  closed = true
  if (signal.aborted) throw signal.reason ?? new JobCancelledError()
  if (failure !== null) throw failure
}
