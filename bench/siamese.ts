/**
 * `siamese`: the Siamese network the app trains on a folder of 28-pixel digits when the user changes
 * nothing: a head (preset C, one hidden layer to 64 values) on the dataset's default feature set —
 * HOG with the parameters the import chooses for 28 × 28 images, standardised per column as training
 * does — with the app's loss, mining, batch and margin schedule, trained on MNIST training digits by
 * the shared training loop on the best backend that loads here; then judged on held-out test digits
 * it never saw:
 *   - `triplet_acc`: seeded random test triplets (anchor, same-digit positive, other-digit negative)
 *     whose positive is nearer than the negative;
 *   - `auc`: ROC AUC of seeded test pairs (half same digit, half not) scored by negated distance;
 *   - `recall_at_1`: test queries whose nearest training digit (the gallery) has the query's label.
 * For scale, the same run measures recall@1 of the network's input vectors against the same gallery.
 *
 * `--data pixels` trains the app's image tower instead (preset A, the reference MLP 784 → 1024 → 512
 * → 128 → 64, on pixel / 255): what the user gets by choosing "images".
 * `--size` training digits (default 60,000), `--queries` test digits (default 10,000), `--repeats`
 * epochs (default: the app's, with its early stopping on the training loss).
 */
import { selectBackend } from '../src/main/engine/nn/backends'
import { createSiameseTrainer } from '../src/main/engine/nn/siamese'
import { trainLoop } from '../src/main/engine/nn/train-loop'
import { recallAtOne, rocAuc, rowEuclidean, tripletAccuracy } from '../src/main/engine/nn/siamese-eval'
import { samplePairs, sampleTriplets } from '../src/main/engine/nn/pairs'
import { REFERENCE_MARGIN } from '../src/main/engine/nn/losses'
import { DENSE_KERNELS } from '../src/main/engine/nn/autoencoder-models'
import { featureMethod } from '../src/main/engine/features'
import { hogForImages } from '../src/main/engine/features/image-defaults'
import { DEFAULT_EPOCHS, DEFAULT_PATIENCE, siameseDefaults, siameseMatrixDefaults, siameseSettings, type FlatParams } from '../src/main/jobs/train-params'
import { scaleOf } from '../src/main/jobs/train-images'
import { splitRows } from '../src/main/jobs/train-work'
import { readMnist } from '../scripts/mnist.mjs'
import { BenchUsageError, machine, progress, round, seededRandom, subSeed, type BenchArgs } from './harness'

/** The app's Siamese parameters for 28 × 28 images learnt from the pixels (preset A), and the trainer options they make. */
export function appSiameseDefaults(): { flat: FlatParams; options: ReturnType<typeof siameseOptions> } {
  const flat = siameseDefaults([{ width: 28, height: 28 }]).params
  return { flat, options: siameseOptions(flat) }
}

function siameseOptions(flat: FlatParams) {
  const s = siameseSettings(flat)
  return { preset: s.preset, loss: s.loss, mining: s.mining, ...(s.pk ? { pk: s.pk } : {}), learningRate: s.learningRate, outputDim: s.outputDim, widths: s.widths, attention: s.attention, batchSize: Number(flat['batchSize']) }
}

const DEFAULT_SIZE = 60_000
const TRAIN_TOTAL = 60_000
const TEST_TOTAL = 10_000
const EVAL_TRIPLETS = 10_000
const EVAL_PAIRS = 10_000
/** Recall@1 of the input vectors (up to 2,026 values against 60,000) is costly: measured on this many queries. */
const INPUT_QUERIES = 500

interface Input {
  data: Float32Array
  cols: number
  description: string
  flat: FlatParams
}

/** The default HOG set of 28-pixel digits, standardised per column (population statistics over every row), as training reads it. */
function featureInput(pixels: (row: number) => Uint8Array, n: number): Input {
  const chosen = hogForImages([{ width: 28, height: 28 }])
  const method = featureMethod('hog')
  const params = method.params(chosen.params)
  const cols = method.dimension(params)
  const data = new Float32Array(n * cols)
  for (let i = 0; i < n; i++) {
    data.set(method.extract({ width: 28, height: 28, channels: 1, data: pixels(i) }, params), i * cols)
    if (i % 10_000 === 0) progress(`HOG: ${i.toLocaleString('en')} / ${n.toLocaleString('en')}`)
  }
  const s = scaleOf(data, n, cols)
  for (let r = 0; r < n; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = (data[r * cols + c]! - s.mean[c]!) * s.scale[c]!
  const flat = siameseMatrixDefaults(cols, 'HOG').params
  return { data, cols, description: `the default HOG set (${cols.toLocaleString('en')} values: ${JSON.stringify(params)}), standardised`, flat }
}

function pixelInput(pixels: (row: number) => Uint8Array, n: number): Input {
  const data = new Float32Array(n * 784)
  for (let i = 0; i < n; i++) {
    const p = pixels(i)
    for (let j = 0; j < 784; j++) data[i * 784 + j] = p[j]! / 255
  }
  return { data, cols: 784, description: '784-d pixel vectors (pixel / 255)', flat: appSiameseDefaults().flat }
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const size = args.size ?? DEFAULT_SIZE
  const queries = args.queries ?? TEST_TOTAL
  const epochs = args.repeats ?? DEFAULT_EPOCHS
  const inputKind = args.data ?? 'features'
  if (inputKind !== 'features' && inputKind !== 'pixels') throw new BenchUsageError(`--data is "features" (the app's default: a head on the default HOG set) or "pixels" (the image tower), not "${inputKind}".`)
  if (size > TRAIN_TOTAL) throw new BenchUsageError(`MNIST has ${TRAIN_TOTAL.toLocaleString('en')} training digits; use --size ${TRAIN_TOTAL} or less.`)
  if (queries > TEST_TOTAL) throw new BenchUsageError(`MNIST has ${TEST_TOTAL.toLocaleString('en')} test digits; use --queries ${TEST_TOTAL} or less.`)

  // One matrix: training digits first, then the held-out test digits (never trained on).
  const train = readMnist('train')
  const test = readMnist('test')
  const n = size + queries
  const pixels = (i: number): Uint8Array =>
    i < size ? train.images.pixels.subarray(i * 784, (i + 1) * 784) : test.images.pixels.subarray((i - size) * 784, (i - size + 1) * 784)
  const input = inputKind === 'features' ? featureInput(pixels, n) : pixelInput(pixels, n)
  const { data, cols, flat } = input
  const { batchSize, ...options } = siameseOptions(flat)
  const labels = new Int32Array(n)
  labels.set(train.labels.subarray(0, size))
  labels.set(test.labels.subarray(0, queries), size)
  // As the train job: a tenth of the training digits held out for validation and early stopping.
  const split = splitRows(size, args.seed, labels.subarray(0, size))
  const galleryRows = Int32Array.from({ length: size }, (_, i) => i)
  const testRows = Int32Array.from({ length: queries }, (_, i) => size + i)
  progress(`data: ${size.toLocaleString('en')} training digits (${split.val.length.toLocaleString('en')} held out for validation), ${queries.toLocaleString('en')} test digits; input ${input.description}`)

  const report = await selectBackend({ needs: DENSE_KERNELS })
  progress(`backend: ${report.name} (${report.device})`)
  for (const s of report.skipped) progress(`  skipped ${s.name}: ${s.why}`)

  const trainer = createSiameseTrainer({ data: { data, rows: n, cols }, labels, epochs, seed: args.seed, trainRows: split.train, ...options })
  const t0 = performance.now()
  const result = await trainLoop(trainer, {
    trainRows: split.train,
    validationRows: split.val,
    batchSize,
    epochs,
    seed: args.seed,
    backend: report.name,
    earlyStop: { patience: Number(flat['patience'] ?? DEFAULT_PATIENCE), minDelta: 0 },
    onProgress: (p) => {
      if (p.batch === p.batches) progress(`epoch ${p.epoch} / ${p.epochs}: loss ${p.loss.toFixed(4)}${p.valLoss === undefined ? '' : `, validation ${p.valLoss.toFixed(4)}`}, ${p.secondsPerEpoch.toFixed(1)} s per epoch`)
    }
  })
  const trainSeconds = (performance.now() - t0) / 1000
  progress(`trained ${result.curve.length} epochs in ${trainSeconds.toFixed(1)} s (best epoch ${result.bestEpoch}, ${result.stopped})`)

  const t1 = performance.now()
  const emb = await trainer.embed()
  const dim = trainer.dim
  trainer.dispose()
  const embedSeconds = (performance.now() - t1) / 1000

  const triplets = sampleTriplets(labels, testRows, EVAL_TRIPLETS, seededRandom(subSeed(args.seed, 1)))
  const tripletAcc = tripletAccuracy(emb, dim, triplets)
  const pairs = samplePairs(labels, testRows, EVAL_PAIRS, seededRandom(subSeed(args.seed, 2)))
  const scores = Float64Array.from(pairs.a, (a, i) => -rowEuclidean(emb, dim, a, pairs.b[i]!))
  const auc = rocAuc(scores, pairs.same)
  progress(`triplet accuracy ${tripletAcc.toFixed(4)}, AUC ${auc.toFixed(4)}; recall@1 against ${size.toLocaleString('en')} training digits…`)
  const t2 = performance.now()
  const recall = recallAtOne(emb, dim, labels, testRows, galleryRows)
  const recallSeconds = (performance.now() - t2) / 1000
  const inputQueries = testRows.subarray(0, Math.min(INPUT_QUERIES, queries))
  const inputRecall = recallAtOne(data, cols, labels, inputQueries, galleryRows)
  progress(`recall@1 ${recall.toFixed(4)} (the input vectors on ${inputQueries.length} queries: ${inputRecall.toFixed(4)})`)

  return {
    backend: report.name,
    device: report.device,
    skipped: report.skipped,
    ...machine(),
    seed: args.seed,
    train_size: size,
    queries,
    input: inputKind,
    input_description: input.description,
    params: flat,
    margin: REFERENCE_MARGIN,
    app_default_epochs: DEFAULT_EPOCHS,
    epochs: result.curve.length,
    best_epoch: result.bestEpoch,
    train_s: round(trainSeconds, 1),
    s_per_epoch: round(trainSeconds / Math.max(1, result.curve.length), 1),
    embed_s: round(embedSeconds, 1),
    triplet_acc: round(tripletAcc, 4),
    auc: round(auc, 4),
    recall_at_1: round(recall, 4),
    recall_s: round(recallSeconds, 1),
    stopped: result.stopped,
    input_recall_at_1: round(inputRecall, 4),
    input_recall_queries: inputQueries.length,
    curve: result.curve.map((c) => ({ epoch: c.epoch, loss: round(c.loss, 4), ...(c.valLoss === undefined ? {} : { val_loss: round(c.valLoss, 4) }), seconds: round(c.seconds, 1) }))
  }
}
