/**
 * Siamese / triplet training of a shared tower (towers.ts) on labelled rows, as a Trainer for
 * train-loop.ts. Each step embeds the batch, mines triplets on its distances (mining.ts), and takes
 * one Adam step on the triplet or contrastive loss (losses.ts) with the margin of the epoch
 * (1.0 → 1.5 by default) and the learning rate of the step schedule (lr-schedule.ts). The loss it
 * returns, like evaluate()'s, is taken at the schedule's first margin, so that the loop's best-epoch
 * choice compares epochs on one scale (a loss at a growing margin grows with it).
 *
 * - With `pk`, the loop's rows only set the number of steps: each step draws its own batch of
 *   P classes × K rows from `trainRows`, seeded by (seed, epoch, step), so every anchor has positives
 *   in its batch. Without it, mining works on the loop's random batch as it is.
 * - Mining 'threshold' is the reference's: every anchor of the batch gets a positive and a negative
 *   from the whole of `trainRows`, using embeddings of all rows computed at the start of each epoch
 *   (or every `refreshEvery` epochs).
 * - Contrastive loss uses the mined triplets as pairs: (a, p) similar and (a, n) dissimilar.
 * - Batch-hard and semi-hard mining choose triplets on an inference-mode pass over the batch (read
 *   back asynchronously, as GPU backends require); the gradient pass then trains on them.
 * - evaluate() embeds without dropout and mines within the given rows (batch-hard, or semi-hard when
 *   training mines so), always at the schedule's first margin: validation losses of different epochs
 *   then compare, which best-epoch selection needs (the training loss grows with the margin).
 * - Weight decay applies to kernels only: 'l2' adds ½·λ·|W|² to the loss (Keras' kernel_regularizer,
 *   which Adam then rescales), 'decoupled' shrinks kernels by lr·λ after each step (AdamW).
 * - weights() lists every weight of the tower, batch-norm statistics included, and the gate, so a
 *   restored checkpoint embeds exactly as the saved network did.
 */
import { tf, type tfl } from './tf'
import type { Trainer } from './trainer'
import type { Matrix } from '../search/types'
import { seededRandom } from '../random'
import { createTower, l2Normalize, type TowerPreset } from './towers'
import { applyGate, createAttentionGate, type AttentionGate, type GateKind } from './attention'
import { contrastiveLoss, dynamicMargin, REFERENCE_MARGIN, tripletLoss, type MarginSchedule } from './losses'
import { batchHard, pairwiseDistances, semiHard, thresholdTriplets, type Triplets } from './mining'
import { pkBatch, samplePairs } from './pairs'
import { stepLearningRate, type StepSchedule } from './lr-schedule'
import { fitFusion, similarity, type FusionModel } from './fusion'

/** Images as one buffer, [count, height, width, channels] row-major. */
export interface ImageSet {
  data: Float32Array
  count: number
  height: number
  width: number
  channels: number
}

export type MiningKind = 'batch-hard' | 'semi-hard' | 'threshold'

export interface SiameseOptions {
  data: Matrix | ImageSet
  /** Class of each row; rows of a class of one serve only as negatives. */
  labels: Int32Array
  preset: TowerPreset
  loss: 'triplet' | 'contrastive'
  mining: MiningKind
  /** Epochs of the run, for the margin schedule. */
  epochs: number
  seed: number
  margin?: MarginSchedule
  /** A learned gate over the embedding's dimensions; true means 'softmax'. */
  attention?: boolean | GateKind
  /** Scale embeddings to unit length (default true). */
  normalize?: boolean
  /** A constant rate or a step schedule; default 1e-3. */
  learningRate?: number | StepSchedule
  weightDecay?: { amount: number; mode: 'l2' | 'decoupled' }
  /** Draw each step's batch as P classes × K rows from trainRows. */
  pk?: { classes: number; perClass: number }
  /** The rows training may use for P×K batches and threshold mining; default every row. */
  trainRows?: Int32Array
  /** For mining 'threshold': the distance under which negatives are candidates. */
  threshold?: { distance: number; refreshEvery?: number }
  outputDim?: number
  widths?: number[]
}

export interface SiameseTrainer extends Trainer {
  readonly model: tfl.Sequential
  readonly optimizer: tf.Optimizer
  readonly gate: AttentionGate | null
  /** Embeddings of the rows (default all), row-major [rows, dim], in inference mode; read back asynchronously, as GPU backends require. */
  embed(rows?: Int32Array): Promise<Float32Array>
  readonly dim: number
  /** The margin the last training step optimised at (the epoch's, on the schedule). */
  readonly margin: number
  /** Fits the score fusion on `pairs` seeded pairs of the validation rows; similarity() uses it from then on. */
  fitFusion(rows: Int32Array, pairs: number, seed: number): Promise<FusionModel>
  /** The fused 0..1 similarity of two embeddings, or their cosine before fitFusion. */
  similarity(a: ArrayLike<number>, b: ArrayLike<number>): number
}

const isImages = (data: Matrix | ImageSet): data is ImageSet => 'height' in data
const EMBED_CHUNK = 256

export function createSiameseTrainer(options: SiameseOptions): SiameseTrainer {
  const { data, labels, loss, mining, epochs, seed } = options
  const images = isImages(data)
  const rowCount = images ? data.count : data.rows
  const inputShape = images ? [data.height, data.width, data.channels] : [data.cols]
  const rowSize = inputShape.reduce((a, b) => a * b, 1)
  if (labels.length !== rowCount) throw new Error(`There are ${rowCount} rows but ${labels.length} labels: give one label per row.`)
  if (mining === 'threshold' && options.threshold === undefined) throw new Error("Mining 'threshold' needs threshold.distance, the distance under which negatives are chosen.")
  const outputDim = options.outputDim ?? 64
  const model = createTower({ preset: options.preset, inputShape, seed, outputDim, widths: options.widths })
  const gateKind = options.attention === true ? 'softmax' : options.attention === false ? undefined : options.attention
  const gate = gateKind === undefined ? null : createAttentionGate(outputDim, gateKind)
  const normalize = options.normalize ?? true
  const schedule: StepSchedule = typeof options.learningRate === 'object' ? options.learningRate : { initial: options.learningRate ?? 1e-3, gamma: 1, every: 1 }
  const optimizer = tf.train.adam(schedule.initial)
  const trainRows = options.trainRows ?? Int32Array.from({ length: rowCount }, (_, i) => i)
  const marginSchedule = options.margin ?? REFERENCE_MARGIN
  const trainable = (): tf.Variable[] => [...model.trainableWeights.map((w) => w.read() as tf.Variable), ...(gate ? [gate.logits] : [])]
  const kernels = (): tf.Variable[] => model.trainableWeights.filter((w) => /kernel/.test(w.name)).map((w) => w.read() as tf.Variable)
  let fusion: FusionModel | null = null
  let stepEpoch = -1
  let lastMargin = marginSchedule.start
  let stepInEpoch = 0
  let pool: { epoch: number; embeddings: Float32Array } | null = null

  function input(rows: Int32Array): tf.Tensor {
    const buffer = new Float32Array(rows.length * rowSize)
    rows.forEach((r, i) => buffer.set(data.data.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize))
    return tf.tensor(buffer, [rows.length, ...inputShape])
  }

  function forward(x: tf.Tensor, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      let e = model.apply(x, { training }) as tf.Tensor2D
      if (gate) e = applyGate(gate, e)
      return normalize ? l2Normalize(e) : e
    })
  }

  async function embed(rows?: Int32Array): Promise<Float32Array> {
    const all = rows ?? Int32Array.from({ length: rowCount }, (_, i) => i)
    const out = new Float32Array(all.length * outputDim)
    for (let start = 0; start < all.length; start += EMBED_CHUNK) {
      const chunk = all.subarray(start, Math.min(all.length, start + EMBED_CHUNK))
      const x = input(chunk)
      const e = forward(x, false)
      x.dispose()
      try {
        out.set(await e.data(), start * outputDim)
      } finally {
        e.dispose()
      }
    }
    return out
  }

  /** Batch-hard or semi-hard triplets of the embeddings `e` (not disposed), read asynchronously so that GPU backends work. */
  async function mineInBatch(e: tf.Tensor2D, batchLabels: Int32Array, margin: number): Promise<Triplets> {
    const dist = pairwiseDistances((await e.data()) as Float32Array, batchLabels.length, outputDim)
    return mining === 'semi-hard' ? semiHard(dist, batchLabels, margin) : batchHard(dist, batchLabels)
  }

  // Rows picked by a one-hot matrix product rather than tf.gather: gather's gradient on the CPU
  // backend (UnsortedSegmentSum) runs one masked pass per batch row and made semi-hard steps, with
  // hundreds of triplets, several times slower; the product's gradient is one more product.
  const pick = (e: tf.Tensor2D, rows: Int32Array): tf.Tensor2D => tf.matMul(tf.oneHot(tf.tensor1d(rows, 'int32'), e.shape[0]).toFloat(), e)

  function pairLoss(e: tf.Tensor2D, t: Triplets, margin: number): tf.Scalar {
    return tf.tidy(() => {
      const a = pick(e, t.anchor)
      const p = pick(e, t.positive)
      const n = pick(e, t.negative)
      if (loss === 'triplet') return tripletLoss(a, p, n, margin)
      const count = t.anchor.length
      const same = tf.concat([tf.ones([count]), tf.zeros([count])]) as tf.Tensor1D
      return contrastiveLoss(tf.concat([a, a]) as tf.Tensor2D, tf.concat([p, n]) as tf.Tensor2D, same, margin)
    })
  }

  /** The rows to embed and, for threshold mining, the triplets already chosen (as local indices). */
  async function stepRows(rows: Int32Array, epoch: number): Promise<{ rows: Int32Array; triplets: Triplets | null }> {
    if (epoch !== stepEpoch) {
      stepEpoch = epoch
      stepInEpoch = 0
    }
    const random = seededRandom((seed ^ Math.imul(epoch + 1, 0x9e3779b1) ^ Math.imul(++stepInEpoch, 0x85ebca6b)) >>> 0)
    const batch = options.pk ? pkBatch(labels, trainRows, options.pk.classes, options.pk.perClass, random) : rows
    if (mining !== 'threshold') return { rows: batch, triplets: null }
    const every = options.threshold!.refreshEvery ?? 1
    if (pool === null || (epoch !== pool.epoch && epoch % every === 0)) pool = { epoch, embeddings: await embed() }
    const chosen = thresholdTriplets(batch, { embeddings: pool.embeddings, dim: outputDim, labels, pool: trainRows, threshold: options.threshold!.distance, random })
    const local = new Map<number, number>()
    const order: number[] = []
    const at = (row: number): number => {
      let i = local.get(row)
      if (i === undefined) local.set(row, (i = order.push(row) - 1))
      return i
    }
    const triplets = { anchor: chosen.anchor.map(at), positive: chosen.positive.map(at), negative: chosen.negative.map(at) }
    return { rows: Int32Array.from(order), triplets }
  }

  async function trainBatch(rows: Int32Array, epoch: number): Promise<number> {
    const lr = stepLearningRate(schedule, epoch)
    ;(optimizer as unknown as { learningRate: number }).learningRate = lr
    const margin = dynamicMargin(epoch, epochs, marginSchedule)
    lastMargin = margin
    const step = await stepRows(rows, epoch)
    if (step.rows.length === 0 || (step.triplets !== null && step.triplets.anchor.length === 0)) return 0
    const batchLabels = Int32Array.from(step.rows, (r) => labels[r]!)
    const x = input(step.rows)
    // Mining reads distances back from the backend, which a GPU backend does only asynchronously, so
    // it works on an inference-mode pass before the gradient pass (whose closure must be synchronous).
    let t = step.triplets
    if (t === null) {
      const e = forward(x, false)
      t = await mineInBatch(e, batchLabels, margin)
      e.dispose()
    }
    const triplets = t
    let dataLoss: tf.Scalar | null = null
    const cost = optimizer.minimize(() => {
      const e = forward(x, true)
      // No valid triplet: a zero loss still connected to the weights, so the step is a no-op, not NaN.
      if (triplets.anchor.length === 0) return tf.mul(tf.sum(e), 0) as tf.Scalar
      const trained = pairLoss(e, triplets, margin)
      // Reported at the first margin, so that epochs compare when nothing is held out for validation.
      dataLoss = tf.keep(margin === marginSchedule.start ? trained : pairLoss(e, triplets, marginSchedule.start))
      if (options.weightDecay?.mode !== 'l2') return trained
      const penalty = tf.addN(kernels().map((k) => tf.sum(tf.square(k))))
      return tf.add(trained, tf.mul(0.5 * options.weightDecay.amount, penalty)) as tf.Scalar
    }, true, trainable())
    const kept = dataLoss as tf.Scalar | null
    const value = kept === null ? 0 : (await kept.data())[0]!
    tf.dispose([cost, kept, x].filter((v): v is tf.Tensor => v !== null && v !== undefined))
    if (options.weightDecay?.mode === 'decoupled') {
      const shrink = 1 - lr * options.weightDecay.amount
      tf.tidy(() => kernels().forEach((k) => k.assign(tf.mul(k, shrink))))
    }
    return value
  }

  /** Validation loss at the schedule's first margin, the same for every epoch, so that epochs compare. */
  async function evaluate(rows: Int32Array): Promise<number> {
    const batchLabels = Int32Array.from(rows, (r) => labels[r]!)
    const x = input(rows)
    const e = forward(x, false)
    const t = await mineInBatch(e, batchLabels, marginSchedule.start)
    const cost = t.anchor.length === 0 ? null : pairLoss(e, t, marginSchedule.start)
    const value = cost === null ? 0 : (await cost.data())[0]!
    tf.dispose(cost === null ? [x, e] : [x, e, cost])
    return value
  }

  return {
    model,
    optimizer,
    gate,
    dim: outputDim,
    trainBatch,
    evaluate,
    embed,
    get margin() {
      return lastMargin
    },
    weights: () => [...model.weights.map((w) => w.read() as tf.Variable), ...(gate ? [gate.logits] : [])],
    async fitFusion(rows, pairs, pairSeed) {
      const p = samplePairs(labels, rows, pairs, seededRandom(pairSeed))
      const ea = await embed(p.a)
      const eb = await embed(p.b)
      const slice = (e: Float32Array, i: number): Float32Array => e.subarray(i * outputDim, (i + 1) * outputDim)
      fusion = fitFusion(
        Array.from(p.a, (_, i) => slice(ea, i)),
        Array.from(p.b, (_, i) => slice(eb, i)),
        p.same
      )
      return fusion
    },
    similarity: (a, b) => similarity(a, b, fusion),
    dispose() {
      model.dispose()
      gate?.logits.dispose()
      optimizer.dispose()
    }
  }
}
