/**
 * Training as a job: the request checked against the dataset (parameters chosen from the images,
 * or from the feature set it learns from, unless given; labels from the groups: sub-folders or a
 * file's label column), a model row made at once so the job can be resumed by it, the training
 * itself on a thread of its own (train-thread.ts), and its end written back: the curve, best epoch,
 * measures and backend on the model, its embeddings as a feature set.
 */
import { join } from 'node:path'
import type { BackendName, DatasetSummary, JobOf, TrainRequest, TrainSummary } from '../../shared/contract'
import { JobCancelledError, type JobContext } from '../jobs/runner'
import { runTrainThread } from '../jobs/train-thread'
import { DEFAULT_EPOCHS, modelLabel, ParamError, resolveParams, type FlatParams, type TrainInput } from '../jobs/train-params'
import { writeFileAtomic } from '../engine/nn/atomic-file'
import { SIZE_SAMPLE } from './image-sizes'
import { UserInputError } from './import-service'
import { NotFoundError } from './errors'
import { ensureModelDir, models, readableItems, storeEmbeddings, type ModelItem } from './model-store'
import { capital, featureSetName, INPUT_PARAM, learnsFromImages, modelInputSet, trainingFeatureSet } from './models-input'
import type { Library } from './library'

/** What a train job was asked for, checked; the model row exists from the start. */
export interface TrainJobParams {
  datasetId: number
  modelId: number
  kind: 'autoencoder' | 'siamese'
  params: FlatParams
  epochs: number
  seed: number
  backend: BackendName | null
}

const DEFAULT_SEED = 42
export const FUSION_FILE = 'fusion.json'

/** Distinct groups among the dataset's readable items. */
function groupCount(lib: Library, datasetId: number): number {
  return (lib.db.prepare(`SELECT COUNT(DISTINCT grp) AS n FROM items WHERE dataset_id = ? AND status IN ('ok', 'partial')`).get(datasetId) as { n: number }).n
}

function checkDataset(lib: Library, datasetId: number): DatasetSummary {
  const dataset = lib.datasets.get(datasetId)
  if (!dataset) throw new NotFoundError(`There is no dataset ${datasetId}; it may have been removed.`)
  return dataset
}

/** Checks a request; a new training gets its model row here (state 'training'). */
export function checkTrainRequest(lib: Library, req: TrainRequest): TrainJobParams {
  const dataset = checkDataset(lib, req.datasetId)
  const backend = req.backend ?? null
  if (req.resumeModelId !== undefined) {
    const model = models(lib).get(req.resumeModelId)
    if (!model) throw new NotFoundError(`There is no model ${req.resumeModelId}.`)
    if (model.datasetId !== dataset.id || model.kind === 'onnx') throw new UserInputError(`Model ${model.id} was not trained on ${dataset.name}: resume it on its own dataset.`)
    if (model.state === 'ready') throw new UserInputError(`Model ${model.id} has finished training. Train a new model to train again, or embed the dataset with this one.`)
    const running = lib.jobs.list().some((j) => j.kind === 'train' && lib.runner.isRunning(j.id) && lib.jobs.params<TrainJobParams>(j.id).modelId === model.id)
    if (running) throw new UserInputError(`Model ${model.id} is training now: wait for it, or cancel that job first.`)
    const epochs = req.epochs ?? Number(model.params['epochs'] ?? DEFAULT_EPOCHS)
    // Unless told otherwise, a resumed training continues on the backend it ran on.
    const previous = req.backend ?? model.backend?.name ?? null
    return { datasetId: dataset.id, modelId: model.id, kind: model.kind, params: { ...model.params, epochs }, epochs, seed: Number(model.params['seed'] ?? DEFAULT_SEED), backend: previous }
  }
  const inputSet = trainingFeatureSet(lib, dataset, req.featureSetId, req.kind, req.params)
  if (req.kind === 'siamese') {
    if ((req.labels ?? 'groups') !== 'groups') throw new UserInputError('Labels from corrected clusters cannot be learned from yet: train with the groups, the sub-folders or the label column (labels "groups").')
    const groups = groupCount(lib, dataset.id)
    if (groups < 2) {
      const how = learnsFromImages(dataset)
        ? 'Put the images in sub-folders, one per kind (such as cats/ and dogs/), import the folder again and train'
        : 'Import the file again with its label column (a column naming each row\'s kind) and train'
      throw new UserInputError(
        `A Siamese network learns which items belong together from labelled groups (sub-folder groups or the label column), and ${dataset.name} has ${groups === 1 ? 'only one group' : 'no groups'}. ` +
          `${how}; or train an autoencoder, which needs no labels.`
      )
    }
  }
  const input: TrainInput = inputSet === null ? { sizes: lib.items.sizeSample(dataset.id, SIZE_SAMPLE) } : { dim: inputSet.dimension, setName: featureSetName(inputSet) }
  let chosen: { params: FlatParams; reason: string | null }
  try {
    chosen = resolveParams(req.kind, input, req.params ?? {})
  } catch (err) {
    if (err instanceof ParamError) throw new UserInputError(err.message)
    throw err
  }
  if (inputSet !== null && req.featureSetId === undefined && learnsFromImages(dataset)) {
    chosen.reason = `${chosen.reason ?? ''} It learns from the default feature set rather than the pixels: on a CPU it trains in minutes and matches the groups better; choose "images" (or preset A or B) to learn from the pixels.`.trim()
  }
  const epochs = req.epochs ?? DEFAULT_EPOCHS
  const seed = req.seed ?? DEFAULT_SEED
  const params: FlatParams = { ...chosen.params, epochs, seed, ...(req.kind === 'siamese' ? { labels: 'groups' } : {}), ...(inputSet === null ? {} : { [INPUT_PARAM]: inputSet.id }) }
  const modelId = models(lib).create({ datasetId: dataset.id, kind: req.kind, label: modelLabel(req.kind, params), params, reason: chosen.reason, state: 'training' })
  return { datasetId: dataset.id, modelId, kind: req.kind, params, epochs, seed, backend }
}

export function createTrainJob(lib: Library, p: TrainJobParams): JobOf<'train'> {
  const dataset = lib.datasets.get(p.datasetId)!
  const label = models(lib).get(p.modelId)?.label ?? p.kind
  return lib.jobs.create('train', `Training ${label} on ${dataset.name}`, dataset.id, p)
}

/**
 * The rows a model trains on: the readable items and their image files, or, for a model of a
 * feature set, the items with a vector in it and the vectors (the set's matrix order).
 */
function trainingRows(lib: Library, dataset: DatasetSummary, params: FlatParams): { items: ModelItem[]; matrix: { data: Float32Array; cols: number } | null } {
  const readable = readableItems(lib, dataset.id)
  const set = modelInputSet(lib, params)
  if (set === null) return { items: readable, matrix: null }
  const m = lib.featureSets.loadMatrix(set.id)
  if (m.rows < 2) throw new UserInputError(`${capital(featureSetName(set))} holds ${m.rows} vector${m.rows === 1 ? '' : 's'} of readable items, and a model needs at least two: compute it for the dataset's items first.`)
  const byId = new Map(readable.map((i) => [i.id, i]))
  return { items: Array.from(m.itemIds, (id) => byId.get(id)!), matrix: { data: m.data, cols: m.cols } }
}

const number = (x: number): string => (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(4) : x.toExponential(2))

/** Trains (or continues training) the job's model, then stores its embeddings of the dataset. */
export async function runTrain(ctx: JobContext, lib: Library, p: TrainJobParams): Promise<TrainSummary> {
  const started = performance.now()
  const repo = models(lib)
  const dataset = checkDataset(lib, p.datasetId)
  const model = repo.get(p.modelId)
  if (!model) throw new NotFoundError(`Model ${p.modelId} was removed; start a new training.`)
  const dir = await ensureModelDir(lib, model)
  const input = trainingRows(lib, dataset, p.params)
  const items = input.items
  const groups = [...new Set(items.map((i) => i.group))].sort()
  const code = new Map(groups.map((g, i) => [g, i]))
  repo.update(model.id, { state: 'training', params: p.params })
  const emit = (): void => lib.bus.emit('models:changed', { datasetId: dataset.id })
  emit()
  let curve = model.curve
  const decode = lib.decodeOptions()
  try {
    const outcome = await runTrainThread(
      {
        mode: 'train', kind: p.kind, params: p.params, files: input.matrix ? [] : items.map((i) => join(dataset.root, i.relPath)), matrix: input.matrix,
        labels: p.kind === 'siamese' ? Int32Array.from(items, (i) => code.get(i.group)!) : null,
        dir, epochs: p.epochs, seed: p.seed, backend: p.backend, limitInputPixels: decode.limitInputPixels, maxFileBytes: decode.maxFileBytes
      },
      {
        signal: ctx.signal,
        onMessage: (msg) => {
          if (msg.type === 'phase') ctx.progress({ phase: msg.phase, done: msg.done, total: msg.total })
          else if (msg.type === 'backend') repo.update(model.id, { backend: msg.report })
          else if (msg.type === 'progress') {
            const t = msg.progress
            const val = t.valLoss === undefined ? '' : ` · val ${number(t.valLoss)}`
            ctx.progress({ phase: `Epoch ${t.epoch} of ${t.epochs} · loss ${number(t.loss)}${val}`, done: t.batch, total: t.batches })
          } else if (msg.type === 'epoch') {
            curve = [...curve.filter((c) => c.epoch < msg.point.epoch), msg.point]
            repo.update(model.id, { curve })
            emit()
          }
        }
      }
    )
    const base = { curve: outcome.curve, bestEpoch: outcome.bestEpoch, backend: outcome.backend }
    if (outcome.stopped === 'cancelled' || outcome.vectors === null) {
      repo.update(model.id, { ...base, state: 'cancelled' })
      emit()
      const where = outcome.curve.length > 0 ? `after epoch ${outcome.curve.length} of ${p.epochs}; its checkpoint is kept` : 'before the first epoch ended'
      throw new JobCancelledError(`Training of model ${model.id} stopped ${where}. Resume it with "likeness train ${dataset.id} --resume ${model.id}" or by resuming this job.`)
    }
    const failed = outcome.failures.length
    const featureSetId = storeEmbeddings(
      lib, dataset.id, model, { itemIds: Array.from(outcome.read, (r) => items[r]!.id), vectors: outcome.vectors, dim: outcome.dim },
      { seconds: (performance.now() - started) / 1000, failed, lastReason: outcome.failures.at(-1)?.reason ?? null }
    )
    if (outcome.fusion) await writeFileAtomic(join(dir, FUSION_FILE), JSON.stringify(outcome.fusion))
    repo.update(model.id, { ...base, metrics: outcome.metrics, state: 'ready', featureSetId })
    emit()
    lib.bus.emit('features:changed', { datasetId: dataset.id })
    return {
      modelId: model.id, datasetId: dataset.id, featureSetId, epochs: outcome.curve.length, bestEpoch: outcome.bestEpoch,
      stopped: outcome.stopped, backend: outcome.backend, seconds: (performance.now() - started) / 1000
    }
  } catch (err) {
    if (!(err instanceof JobCancelledError)) {
      repo.update(model.id, { state: ctx.signal.aborted ? 'cancelled' : 'failed' })
      emit()
    }
    throw err
  }
}
