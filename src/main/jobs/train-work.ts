/**
 * What a training or embedding thread does (train.worker.ts posts its messages): read the images,
 * choose the backend, train with the shared loop and its checkpoints, save the network in
 * TensorFlow.js format, embed every image, and measure the embedding on held-out items. Kept apart
 * from the worker entry so the steps read in one place; nothing here touches the library.
 *
 * Cancel arrives through a shared flag, read after every batch: the thread is busy computing and
 * would not read a message until training ended.
 */
import path from 'node:path'
import { rm } from 'node:fs/promises'
import { tf, type tfl } from '../engine/nn/tf'
import { availableBackends, selectBackend, type BackendReport } from '../engine/nn/backends'
import { autoencoderKernels, createAutoencoderTrainer } from '../engine/nn/autoencoder'
import { CONV_KERNELS, DENSE_KERNELS } from '../engine/nn/autoencoder-models'
import { createSiameseTrainer, type ImageSet } from '../engine/nn/siamese'
import { trainLoop } from '../engine/nn/train-loop'
import type { Trainer } from '../engine/nn/trainer'
import { loadLayersModel, loadWeightList, saveLayersModel, saveWeightList } from '../engine/nn/model-files'
import { applyGate, createAttentionGate } from '../engine/nn/attention'
import { l2Normalize } from '../engine/nn/towers'
import { samplePairs, sampleTriplets } from '../engine/nn/pairs'
import { chooseThreshold, recallAtOne, rocAuc, rowEuclidean, tripletAccuracy } from '../engine/nn/siamese-eval'
import { seededRandom } from '../engine/random'
import type { FusionModel } from '../engine/nn/fusion'
import { scoreHistogram, SCORES_FILE } from '../engine/nn/score-histogram'
import { writeFileAtomic } from '../engine/nn/atomic-file'
import type { FromTrainThread, TrainOutcome, TrainWorkerData } from './train-messages'
import { autoencoderParams, inputOf, siameseSettings } from './train-params'
import { readImages, readMatrix, type ReadImages } from './train-images'

export type Post = (msg: FromTrainThread, transfer?: ArrayBuffer[]) => void

/** Share of the items held out for validation (the Siamese measures, the autoencoder's validation loss). */
const HELD_OUT = 0.1
const EVAL_PAIRS = 500
const MIN_CLASS_TO_HOLD_OUT = 5
const EMBED_CHUNK = 64

export const checkpointDir = (dir: string): string => path.join(dir, 'checkpoint')
const networkDir = (dir: string, kind: 'autoencoder' | 'siamese'): string => path.join(dir, kind === 'autoencoder' ? 'encoder' : 'tower')
const gateFile = (dir: string): string => path.join(dir, 'gate.bin')

/**
 * Seeded split of rows 0..n−1 into training and held-out rows, each in increasing order. With
 * labels the split is made within each class, so the held-out rows have pairs of a class to measure
 * on; a class of fewer than five rows stays whole in training.
 */
export function splitRows(n: number, seed: number, labels: Int32Array | null = null, fraction = HELD_OUT): { train: Int32Array; val: Int32Array } {
  const random = seededRandom(seed ^ 0x6a09e667)
  const classes = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const c = labels === null ? 0 : labels[i]!
    const rows = classes.get(c)
    if (rows) rows.push(i)
    else classes.set(c, [i])
  }
  const train: number[] = []
  const val: number[] = []
  for (const rows of classes.values()) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[rows[i], rows[j]] = [rows[j]!, rows[i]!]
    }
    // At least one held out of a class of five or more, so a small folder still gets measured.
    const held = rows.length >= MIN_CLASS_TO_HOLD_OUT ? Math.max(1, Math.round(rows.length * fraction)) : 0
    val.push(...rows.slice(0, held))
    train.push(...rows.slice(held))
  }
  const sorted = (a: number[]): Int32Array => Int32Array.from(a).sort()
  return { train: sorted(train), val: sorted(val) }
}

async function read(data: TrainWorkerData, post: Post, stopped: () => boolean): Promise<ReadImages> {
  if (data.matrix) return readMatrix(data.matrix, data.dir, data.mode === 'train')
  const { side, channels } = inputOf(data.kind, data.params)
  const total = data.files.length
  post({ type: 'phase', phase: 'Reading images', done: 0, total })
  const images = await readImages(data.files, {
    side, channels, limitInputPixels: data.limitInputPixels, maxFileBytes: data.maxFileBytes, stopped,
    onProgress: (done) => post({ type: 'phase', phase: 'Reading images', done, total })
  })
  // A single file embedded alone (an image from outside the dataset) answers with its failure instead.
  const single = data.mode === 'embed' && total === 1
  if (!stopped() && !single && images.read.length < 2) {
    throw new Error(`Only ${images.read.length} of ${total} images could be read, and a model needs at least two: check the dataset's failures and import it again.`)
  }
  return images
}

/** The model's input as one row per image: flat for dense networks, [side, side, channels] for convolutional ones. */
function inputShape(data: TrainWorkerData): number[] {
  if (data.matrix) return [data.matrix.cols]
  const { side, channels } = inputOf(data.kind, data.params)
  const conv = data.kind === 'autoencoder' ? data.params['variant'] === 'conv' : data.params['preset'] === 'B'
  return conv ? [side, side, channels] : [side * side * channels]
}

function finite(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => Number.isFinite(v)))
}

/** The measures on the held-out rows; the histogram of their pairs' distances goes to the model's folder. */
async function siameseMetrics(emb: Float32Array, dim: number, labels: Int32Array, val: Int32Array, seed: number, dir: string): Promise<Record<string, number>> {
  const random = seededRandom(seed ^ 0x3c6ef372)
  const triplets = sampleTriplets(labels, val, EVAL_PAIRS, random)
  const pairs = samplePairs(labels, val, EVAL_PAIRS, random)
  const distances = Float64Array.from(pairs.a, (a, i) => rowEuclidean(emb, dim, a, pairs.b[i]!))
  const all = Int32Array.from({ length: labels.length }, (_, i) => i)
  const threshold = pairs.a.length > 0 ? chooseThreshold(distances, pairs.same).threshold : NaN
  if (pairs.a.length > 0) {
    const histogram = { ...scoreHistogram(distances, pairs.same, threshold), threshold }
    await writeFileAtomic(path.join(dir, SCORES_FILE), JSON.stringify(histogram))
  } else await rm(path.join(dir, SCORES_FILE), { force: true })
  return finite({
    tripletAccuracy: tripletAccuracy(emb, dim, triplets),
    auc: rocAuc(Float64Array.from(distances, (d) => -d), pairs.same),
    recallAt1: recallAtOne(emb, dim, labels, val, all),
    threshold,
    validationItems: val.length
  })
}

async function train(data: TrainWorkerData, post: Post, stopped: () => boolean): Promise<TrainOutcome> {
  const images = await read(data, post, stopped)
  const n = images.read.length
  const shape = inputShape(data)
  const { side, channels } = inputOf(data.kind, data.params)
  const batchSize = Number(data.params['batchSize'])
  // Models stored before early stopping existed train every epoch, as they did.
  const patience = Number(data.params['patience'] ?? 0)
  const labels = data.labels === null ? null : Int32Array.from(images.read, (i) => data.labels![i]!)
  const { train: trainRows, val } = splitRows(n, data.seed, labels)
  let report: BackendReport
  let trainer: Trainer & { optimizer: tf.Optimizer; embed(): Float32Array | Promise<Float32Array> }
  let fusionFit: ((rows: Int32Array) => Promise<FusionModel | null>) | null = null
  let dim: number
  let saveNetwork: (dir: string) => Promise<void>

  if (data.kind === 'autoencoder') {
    const params = autoencoderParams(data.params)
    const aeData = data.matrix ? { matrix: images.data, rows: n, cols: data.matrix.cols } : { data: images.data, rows: n, height: side, width: side, channels }
    // The kernels include the contrastive term's, which the WebAssembly backend lacks.
    const needs = autoencoderKernels(aeData, params)
    report = await selectBackend({ force: data.backend ?? undefined, needs })
    const ae = createAutoencoderTrainer(aeData, params, data.seed)
    trainer = ae
    dim = params.latent
    saveNetwork = (dir) => saveLayersModel(ae.encoder, networkDir(dir, 'autoencoder'))
  } else {
    const s = siameseSettings(data.params)
    const set: ImageSet | { data: Float32Array; rows: number; cols: number } =
      shape.length === 3 ? { data: images.data, count: n, height: side, width: side, channels } : { data: images.data, rows: n, cols: shape[0]! }
    report = await selectBackend({ force: data.backend ?? undefined, needs: s.preset === 'B' ? CONV_KERNELS : DENSE_KERNELS })
    const siamese = createSiameseTrainer({
      data: set, labels: labels!, preset: s.preset, loss: s.loss, mining: s.mining, epochs: data.epochs, seed: data.seed,
      attention: s.attention, learningRate: s.learningRate, outputDim: s.outputDim, widths: s.widths, trainRows,
      ...(s.pk ? { pk: s.pk } : {}),
      ...(s.weightDecay > 0 ? { weightDecay: { amount: s.weightDecay, mode: 'decoupled' as const } } : {})
    })
    trainer = siamese
    dim = siamese.dim
    fusionFit = async (rows) => {
      try {
        return await siamese.fitFusion(rows, EVAL_PAIRS, data.seed)
      } catch {
        return null // too few held-out pairs: compare falls back to the cosine
      }
    }
    saveNetwork = async (dir) => {
      await saveLayersModel(siamese.model, networkDir(dir, 'siamese'))
      if (siamese.gate) await saveWeightList(gateFile(dir), { kind: siamese.gate.kind }, [{ name: 'logits', tensor: siamese.gate.logits }])
    }
  }
  post({ type: 'backend', report })

  const controller = new AbortController()
  const watched: Trainer & { optimizer: tf.Optimizer } = {
    optimizer: trainer.optimizer,
    async trainBatch(rows, epoch) {
      const loss = await trainer.trainBatch(rows, epoch)
      if (stopped()) controller.abort()
      return loss
    },
    ...(trainer.evaluate ? { evaluate: (rows: Int32Array) => trainer.evaluate!(rows) } : {}),
    weights: () => trainer.weights(),
    dispose: () => trainer.dispose()
  }
  if (stopped()) controller.abort()
  try {
    const result = await trainLoop(watched, {
      trainRows, batchSize, epochs: data.epochs, seed: data.seed, signal: controller.signal,
      ...(val.length > 0 ? { validationRows: val } : {}),
      ...(patience > 0 ? { earlyStop: { patience, minDelta: 0 } } : {}),
      checkpoint: { dir: checkpointDir(data.dir) }, resume: true, backend: report.name,
      onProgress: (progress) => {
        post({ type: 'progress', progress })
        if (progress.batch === progress.batches) {
          post({ type: 'epoch', point: { epoch: progress.epoch, loss: progress.loss, ...(progress.valLoss === undefined ? {} : { valLoss: progress.valLoss }), seconds: progress.secondsPerEpoch } })
        }
      }
    })
    const base = { curve: result.curve, bestEpoch: result.bestEpoch > 0 ? result.bestEpoch : null, backend: report, read: images.read, failures: images.failures, dim }
    if (result.stopped === 'cancelled') return { ...base, stopped: 'cancelled', vectors: null, metrics: {}, fusion: null }
    await saveNetwork(data.dir)
    post({ type: 'phase', phase: 'Embedding the images', done: 0, total: n })
    const vectors = await trainer.embed()
    post({ type: 'phase', phase: 'Embedding the images', done: n, total: n })
    const best = result.curve.find((c) => c.epoch === result.bestEpoch)
    const metrics = labels === null
      ? finite({ loss: best?.loss ?? NaN, valLoss: best?.valLoss ?? NaN, validationItems: val.length })
      : await siameseMetrics(vectors, dim, labels, val, data.seed, data.dir)
    return { ...base, stopped: result.stopped, vectors, metrics, fusion: (await fusionFit?.(val)) ?? null }
  } finally {
    trainer.dispose()
  }
}

/** Embeds the files with a saved network: the encoder of an autoencoder, or a Siamese tower (with its gate, normalised). */
async function embedSaved(data: TrainWorkerData, post: Post, stopped: () => boolean): Promise<TrainOutcome> {
  const report = await selectBackend({ force: data.backend ?? undefined })
  post({ type: 'backend', report })
  const network: tfl.LayersModel = await loadLayersModel(networkDir(data.dir, data.kind))
  let gate: ReturnType<typeof createAttentionGate> | null = null
  if (data.kind === 'siamese' && data.params['attention'] === true) {
    const saved = await loadWeightList<{ kind: 'softmax' | 'sigmoid' }>(gateFile(data.dir))
    gate = createAttentionGate(saved.tensors[0]!.tensor.shape[0]!, saved.header.kind)
    gate.logits.assign(saved.tensors[0]!.tensor)
    tf.dispose(saved.tensors.map((t) => t.tensor))
  }
  try {
    const images = await read(data, post, stopped)
    const n = images.read.length
    const shape = inputShape(data)
    const size = shape.reduce((a, b) => a * b, 1)
    let dim = 0
    let vectors = new Float32Array(0)
    for (let start = 0; start < n; start += EMBED_CHUNK) {
      if (stopped()) throw Object.assign(new Error('Cancelled.'), { name: 'cancelled' })
      const count = Math.min(EMBED_CHUNK, n - start)
      const out = tf.tidy(() => {
        const x = tf.tensor(images.data.subarray(start * size, (start + count) * size), [count, ...shape])
        let e = network.predict(x) as tf.Tensor2D
        if (gate) e = applyGate(gate, e)
        return data.kind === 'siamese' ? l2Normalize(e) : e
      })
      if (start === 0) {
        dim = out.shape[1]!
        vectors = new Float32Array(n * dim)
      }
      vectors.set(await out.data(), start * dim)
      out.dispose()
      post({ type: 'phase', phase: 'Embedding the images', done: start + count, total: n })
    }
    return { stopped: 'done', curve: [], bestEpoch: null, backend: report, vectors, dim, read: images.read, failures: images.failures, metrics: {}, fusion: null }
  } finally {
    network.dispose()
    gate?.logits.dispose()
  }
}

export async function trainWork(data: TrainWorkerData, post: Post): Promise<void> {
  const flag = new Int32Array(data.cancel)
  const stopped = (): boolean => Atomics.load(flag, 0) === 1
  if (data.mode === 'backends') {
    const available = await availableBackends()
    let report: BackendReport | null = null
    let why: string | null = null
    try {
      report = await selectBackend({ force: data.backend ?? undefined })
    } catch (err) {
      why = (err as Error).message
    }
    post({ type: 'backends', available, report, why })
    return
  }
  const outcome = data.mode === 'train' ? await train(data, post, stopped) : await embedSaved(data, post, stopped)
  post({ type: 'result', outcome }, outcome.vectors ? [outcome.vectors.buffer as ArrayBuffer] : [])
}
