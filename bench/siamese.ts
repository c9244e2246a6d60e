/**
 * `siamese`: a Siamese network with the preset A tower (the reference MLP, 784 → 1024 → 512 → 128 →
 * 64) trained on MNIST training digits as 784-d pixel vectors (pixel / 255), with the loss, mining
 * and margin schedule the app uses when the user changes nothing, by the shared training loop on the
 * best backend that loads here; then judged on held-out test digits it never saw:
 *   - `triplet_acc`: seeded random test triplets (anchor, same-digit positive, other-digit negative)
 *     whose positive is nearer than the negative;
 *   - `auc`: ROC AUC of seeded test pairs (half same digit, half not) scored by negated distance;
 *   - `recall_at_1`: test queries whose nearest training digit (the gallery) has the query's label.
 * For scale, the same run measures recall@1 of the raw pixel vectors against the same gallery.
 *
 * `--size` training digits (default 2,000, up to 60,000), `--queries` test digits (default 10,000),
 * `--repeats` epochs (default EPOCHS).
 */
import { selectBackend } from '../src/main/engine/nn/backends'
import { createSiameseTrainer } from '../src/main/engine/nn/siamese'
import { trainLoop } from '../src/main/engine/nn/train-loop'
import { recallAtOne, rocAuc, rowEuclidean, tripletAccuracy } from '../src/main/engine/nn/siamese-eval'
import { samplePairs, sampleTriplets } from '../src/main/engine/nn/pairs'
import { REFERENCE_MARGIN } from '../src/main/engine/nn/losses'
import { DENSE_KERNELS } from '../src/main/engine/nn/autoencoder-models'
import { DEFAULT_EPOCHS, siameseDefaults, siameseSettings } from '../src/main/jobs/train-params'
import { readMnist } from '../scripts/mnist.mjs'
import { BenchUsageError, machine, progress, round, seededRandom, subSeed, type BenchArgs } from './harness'

/** The app's Siamese parameters for 28 × 28 images when the user changes nothing, and the trainer options they make. */
export function appSiameseDefaults(): { flat: Record<string, number | string | boolean>; options: ReturnType<typeof siameseOptions> } {
  const flat = siameseDefaults([{ width: 28, height: 28 }]).params
  return { flat, options: siameseOptions(flat) }
}

function siameseOptions(flat: Record<string, number | string | boolean>) {
  const s = siameseSettings(flat)
  return { preset: s.preset, loss: s.loss, mining: s.mining, ...(s.pk ? { pk: s.pk } : {}), learningRate: s.learningRate, outputDim: s.outputDim, widths: s.widths, attention: s.attention, batchSize: Number(flat['batchSize']) }
}

/** Fewer than the app's DEFAULT_EPOCHS, so that the default run ends within 10 minutes on 2 cores. */
const EPOCHS = 4
/** Training digits by default: with EPOCHS, what the wasm backend trains in 10 minutes here while the 2 cores are shared (about 20 digits a second). */
const DEFAULT_SIZE = 2000
const TRAIN_TOTAL = 60_000
const TEST_TOTAL = 10_000
const EVAL_TRIPLETS = 10_000
const EVAL_PAIRS = 10_000
/** Raw-pixel recall@1 is 12 times the work of the 64-d one: measured on this many queries. */
const PIXEL_QUERIES = 1000

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const size = args.size ?? DEFAULT_SIZE
  const queries = args.queries ?? TEST_TOTAL
  const epochs = args.repeats ?? EPOCHS
  const defaults = appSiameseDefaults()
  const { batchSize, ...options } = defaults.options
  if (options.preset !== 'A') throw new Error(`The app's default tower for 28-pixel images is preset ${options.preset}, not the MLP this benchmark measures.`)
  if (size > TRAIN_TOTAL) throw new BenchUsageError(`MNIST has ${TRAIN_TOTAL.toLocaleString('en')} training digits; use --size ${TRAIN_TOTAL} or less.`)
  if (queries > TEST_TOTAL) throw new BenchUsageError(`MNIST has ${TEST_TOTAL.toLocaleString('en')} test digits; use --queries ${TEST_TOTAL} or less.`)

  // One matrix: training digits first, then the held-out test digits (never in trainRows).
  const train = readMnist('train')
  const test = readMnist('test')
  const n = size + queries
  const data = new Float32Array(n * 784)
  for (let i = 0; i < size * 784; i++) data[i] = train.images.pixels[i]! / 255
  for (let i = 0; i < queries * 784; i++) data[size * 784 + i] = test.images.pixels[i]! / 255
  const labels = new Int32Array(n)
  labels.set(train.labels.subarray(0, size))
  labels.set(test.labels.subarray(0, queries), size)
  const trainRows = Int32Array.from({ length: size }, (_, i) => i)
  const testRows = Int32Array.from({ length: queries }, (_, i) => size + i)
  progress(`data: ${size.toLocaleString('en')} training digits, ${queries.toLocaleString('en')} held-out test digits, 784-d pixel / 255`)

  const report = await selectBackend({ needs: DENSE_KERNELS })
  progress(`backend: ${report.name} (${report.device})`)
  for (const s of report.skipped) progress(`  skipped ${s.name}: ${s.why}`)

  const trainer = createSiameseTrainer({ data: { data, rows: n, cols: 784 }, labels, epochs, seed: args.seed, trainRows, ...options })
  const t0 = performance.now()
  const result = await trainLoop(trainer, {
    trainRows,
    batchSize,
    epochs,
    seed: args.seed,
    backend: report.name,
    onProgress: (p) => {
      if (p.batch === p.batches) progress(`epoch ${p.epoch} / ${p.epochs}: loss ${p.loss.toFixed(4)}, ${p.secondsPerEpoch.toFixed(1)} s per epoch`)
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
  const recall = recallAtOne(emb, dim, labels, testRows, trainRows)
  const recallSeconds = (performance.now() - t2) / 1000
  const pixelQueries = testRows.subarray(0, Math.min(PIXEL_QUERIES, queries))
  const pixelRecall = recallAtOne(data, 784, labels, pixelQueries, trainRows)
  progress(`recall@1 ${recall.toFixed(4)} (raw pixels on ${pixelQueries.length} queries: ${pixelRecall.toFixed(4)})`)

  return {
    backend: report.name,
    device: report.device,
    skipped: report.skipped,
    ...machine(),
    seed: args.seed,
    train_size: size,
    queries,
    params: defaults.flat,
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
    pixels_recall_at_1: round(pixelRecall, 4),
    pixels_recall_queries: pixelQueries.length,
    curve: result.curve.map((c) => ({ epoch: c.epoch, loss: round(c.loss, 4), seconds: round(c.seconds, 1) }))
  }
}
