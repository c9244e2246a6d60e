/**
 * Embedding a dataset as a job: with a trained model of the library (after new images were
 * imported, say), on the same kind of thread as training (a model trained on a feature set reads
 * that set's vectors, models-input.ts), or with an ONNX encoder the user brings,
 * on the ONNX workers (embedFilesParallel). An ONNX file is registered as a model once (kind
 * 'onnx', no dataset). Files that cannot be read are counted, as a features job counts them.
 */
import { stat } from 'node:fs/promises'
import { basename, isAbsolute, join } from 'node:path'
import type { EmbedRequest, EmbedSummary, JobOf, OnnxCatalogueEntry } from '../../shared/contract'
import { JobCancelledError, type JobContext } from '../jobs/runner'
import { runTrainThread } from '../jobs/train-thread'
import { embedFilesParallel } from '../jobs/parallel-onnx'
import { readSidecar } from '../engine/nn/onnx-sidecar'
import { CATALOGUE } from '../engine/nn/onnx-catalogue'
import { UserInputError } from './import-service'
import { NotFoundError } from './errors'
import { ensureModelDir, libraryFolder, models, readableItems, storeEmbeddings } from './model-store'
import { embedMatrix, learnsFromImages, modelInputSet } from './models-input'
import type { Library } from './library'

export interface EmbedJobParams {
  datasetId: number
  modelId: number
}

const normalise = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/** The name a user reads for an ONNX file: the catalogue's, the sidecar's, or the file's. */
async function onnxLabel(path: string): Promise<string> {
  const name = (await readSidecar(path).catch(() => null))?.name
  if (name === undefined) return basename(path)
  const entry = CATALOGUE.find((e) => normalise(e.id) === normalise(name) || normalise(e.name) === normalise(name))
  return entry?.name ?? name
}

/** The engine's catalogue of encoders as the contract shows it (copies: a caller cannot change the engine's). */
export function onnxCatalogue(): OnnxCatalogueEntry[] {
  return CATALOGUE.map((entry): OnnxCatalogueEntry => structuredClone(entry))
}

/** Checks a request; an ONNX file becomes a model of the library here (once per file). */
export async function checkEmbedRequest(lib: Library, req: EmbedRequest): Promise<EmbedJobParams> {
  const dataset = lib.datasets.get(req.datasetId)
  if (!dataset) throw new NotFoundError(`There is no dataset ${req.datasetId}; it may have been removed.`)
  if ((req.modelId === undefined) === (req.onnxPath === undefined)) throw new UserInputError('Give either a model of the library (modelId) or an ONNX file (onnxPath), not both or neither.')
  const notImages = `Models embed image files, and ${dataset.name} is not a folder of images`
  const repo = models(lib)
  if (req.modelId !== undefined) {
    const model = repo.get(req.modelId)
    if (!model) throw new NotFoundError(`There is no model ${req.modelId}. "likeness models" lists them.`)
    if (model.state !== 'ready') throw new UserInputError(`Model ${model.id} has not finished training (it is ${model.state}): resume its training first.`)
    const input = model.kind === 'onnx' ? null : modelInputSet(lib, model.params)
    if (input === null && !learnsFromImages(dataset)) throw new UserInputError(`${notImages}: embed it with a model trained on one of its feature sets.`)
    // Checked now so the error comes before a job starts: every item needs a vector of the model's set.
    if (input !== null) embedMatrix(lib, input, dataset)
    return { datasetId: dataset.id, modelId: model.id }
  }
  if (!learnsFromImages(dataset)) throw new UserInputError(`${notImages}: ONNX image encoders read image files.`)
  const path = req.onnxPath!
  if (!isAbsolute(path)) throw new UserInputError(`Give the ONNX file's full path, such as /home/you/models/clip.onnx, not "${path}".`)
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) throw new UserInputError(`There is no file ${path}: check the path of the ONNX model.`)
  const known = repo.findOnnx(path)
  if (known) return { datasetId: dataset.id, modelId: known.id }
  const modelId = repo.create({ datasetId: null, kind: 'onnx', label: await onnxLabel(path), params: {}, reason: null, state: 'ready', onnxPath: path })
  lib.bus.emit('models:changed', { datasetId: null })
  return { datasetId: dataset.id, modelId }
}

export function createEmbedJob(lib: Library, p: EmbedJobParams): JobOf<'embed'> {
  const dataset = lib.datasets.get(p.datasetId)!
  const label = models(lib).get(p.modelId)?.label ?? `model ${p.modelId}`
  return lib.jobs.create('embed', `Embedding ${dataset.name} with ${label}`, dataset.id, p)
}

export async function runEmbed(ctx: JobContext, lib: Library, p: EmbedJobParams): Promise<EmbedSummary> {
  const started = performance.now()
  const dataset = lib.datasets.get(p.datasetId)
  if (!dataset) throw new NotFoundError(`There is no dataset ${p.datasetId}; it may have been removed.`)
  const model = models(lib).get(p.modelId)
  if (!model) throw new NotFoundError(`Model ${p.modelId} was removed.`)
  const items = readableItems(lib, dataset.id)
  const files = items.map((i) => join(dataset.root, i.relPath))
  const phase = `Embedding with ${model.label}`
  ctx.progress({ phase, done: 0, total: files.length })
  let rows: { itemIds: number[]; vectors: Float32Array; dim: number }
  let failures: { index: number; reason: string }[]
  let warning: string | null = null
  try {
    if (model.kind === 'onnx') {
      if (!model.onnxPath) throw new Error(`Model ${model.id} has no ONNX file recorded.`)
      const out = await embedFilesParallel(model.onnxPath, files, { signal: ctx.signal, workers: lib.workers, onProgress: (done, total) => ctx.progress({ phase, done, total }) })
      const failed = new Set(out.failures.map((f) => f.index))
      const keep = files.map((_, i) => i).filter((i) => !failed.has(i))
      const vectors = new Float32Array(keep.length * out.dim)
      keep.forEach((from, to) => vectors.set(out.vectors.subarray(from * out.dim, (from + 1) * out.dim), to * out.dim))
      rows = { itemIds: keep.map((i) => items[i]!.id), vectors, dim: out.dim }
      failures = out.failures
      warning = out.warnings.length > 0 ? out.warnings.join(' ') : null
    } else {
      const decode = lib.decodeOptions()
      const dir = await ensureModelDir(lib, model)
      const input = modelInputSet(lib, model.params)
      const matrix = input === null ? null : embedMatrix(lib, input, dataset)
      const out = await runTrainThread(
        {
          mode: 'embed', kind: model.kind, params: model.params, files: matrix ? [] : files, matrix: matrix && { data: matrix.data, cols: matrix.cols },
          labels: null, dir, epochs: 0, seed: 0, backend: null, limitInputPixels: decode.limitInputPixels, maxFileBytes: decode.maxFileBytes
        },
        { signal: ctx.signal, onMessage: (msg) => msg.type === 'phase' && ctx.progress({ phase, done: msg.done, total: msg.total }) }
      )
      const ids = matrix ? matrix.itemIds : Int32Array.from(items, (i) => i.id)
      rows = { itemIds: Array.from(out.read, (r) => ids[r]!), vectors: out.vectors!, dim: out.dim }
      failures = out.failures
    }
  } catch (err) {
    if (ctx.signal.aborted) throw new JobCancelledError('Nothing was kept; embed again to start over.')
    throw err
  }
  if (ctx.signal.aborted) throw new JobCancelledError('Nothing was kept; embed again to start over.')
  const featureSetId = storeEmbeddings(lib, dataset.id, model, rows, { seconds: (performance.now() - started) / 1000, failed: failures.length, lastReason: failures.at(-1)?.reason ?? null })
  if (model.datasetId === dataset.id) models(lib).update(model.id, { featureSetId })
  lib.bus.emit('features:changed', { datasetId: dataset.id })
  lib.bus.emit('models:changed', { datasetId: model.datasetId })
  return { modelId: model.id, datasetId: dataset.id, featureSetId, vectors: rows.itemIds.length, failed: failures.length, dimension: rows.dim, seconds: (performance.now() - started) / 1000, warning }
}

/** Where a model's files are, absolute; null for an ONNX file (the user's, never removed). */
export function modelFolder(lib: Library, dir: string | null): string | null {
  return dir === null ? null : join(libraryFolder(lib), dir)
}
