import { describe, expect, it } from 'vitest'
import { tf } from './tf'
import { seededRandom } from '../random'
import { createSiameseTrainer, type SiameseOptions } from './siamese'
import { trainLoop } from './train-loop'
import { sampleTriplets } from './pairs'
import { tripletAccuracy } from './siamese-eval'
import { barImages, twoClouds } from './siamese-test-data'

const range = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i)

describe('createSiameseTrainer on two generated classes', () => {
  // 60 + 60 training rows, 40 + 40 held out; classes differ in 2 of 20 dimensions only.
  const { data, labels } = twoClouds(100, 20, 11)
  const train = range(0, 120)
  const heldOut = range(120, 200)
  const triplets = sampleTriplets(labels, heldOut, 400, seededRandom(3))

  for (const [loss, mining] of [
    ['triplet', 'batch-hard'],
    ['triplet', 'semi-hard'],
    ['contrastive', 'batch-hard'],
    ['triplet', 'threshold']
  ] as const) {
    it(`${loss} loss with ${mining} mining beats a random network on held-out triplets`, async () => {
      const options: SiameseOptions = { data, labels, preset: 'C', loss, mining, epochs: 6, seed: 5, trainRows: train, pk: { classes: 2, perClass: 12 }, learningRate: 3e-3, threshold: { distance: 1 } }
      const random = createSiameseTrainer(options)
      const before = tripletAccuracy(await random.embed(), random.dim, triplets)
      random.dispose()
      const trainer = createSiameseTrainer(options)
      await trainLoop(trainer, { trainRows: train, batchSize: 24, epochs: 6, seed: 1 })
      const after = tripletAccuracy(await trainer.embed(), trainer.dim, triplets)
      trainer.dispose()
      expect(before).toBeLessThan(0.75)
      expect(after).toBeGreaterThan(0.85)
    })
  }
})

describe('createSiameseTrainer on generated images (preset B)', () => {
  it('tells horizontal from vertical bars on held-out images after training, unlike at random', async () => {
    // Semi-hard mining: batch-hard from a random start collapses every image to one point on this
    // small set (the loss stays at the margin), as Hermans et al. (2017) warn for hard mining.
    const { data, labels } = barImages(120, 8, 21, 0.3)
    const train = range(0, 200)
    const triplets = sampleTriplets(labels, range(200, 240), 300, seededRandom(8))
    const options: SiameseOptions = { data, labels, preset: 'B', widths: [4, 8], outputDim: 16, loss: 'triplet', mining: 'semi-hard', epochs: 6, seed: 9, trainRows: train, learningRate: 1e-2 }
    const random = createSiameseTrainer(options)
    const before = tripletAccuracy(await random.embed(), random.dim, triplets)
    random.dispose()
    const trainer = createSiameseTrainer(options)
    await trainLoop(trainer, { trainRows: train, batchSize: 20, epochs: 6, seed: 1 })
    const after = tripletAccuracy(await trainer.embed(), trainer.dim, triplets)
    trainer.dispose()
    expect(before).toBeLessThan(0.75)
    expect(after).toBeGreaterThan(0.85)
  })
})

describe('createSiameseTrainer score fusion', () => {
  it('fits the fusion on validation pairs: similar pairs score higher than dissimilar ones', async () => {
    const { data, labels } = twoClouds(60, 20, 13)
    const trainer = createSiameseTrainer({ data, labels, preset: 'C', loss: 'triplet', mining: 'batch-hard', epochs: 4, seed: 3, trainRows: range(0, 80), pk: { classes: 2, perClass: 10 }, learningRate: 3e-3 })
    const cosineBefore = trainer.similarity(Float32Array.of(1, 0), Float32Array.of(0, 1))
    expect(cosineBefore).toBe(0) // plain cosine until a fusion is fitted
    await trainLoop(trainer, { trainRows: range(0, 80), batchSize: 20, epochs: 4, seed: 1 })
    const fusion = await trainer.fitFusion(range(80, 100), 60, 4)
    expect(fusion.weights.every(Number.isFinite)).toBe(true)
    const e = await trainer.embed(range(100, 120))
    const row = (i: number): Float32Array => e.subarray(i * trainer.dim, (i + 1) * trainer.dim)
    let similar = 0
    let dissimilar = 0
    for (let i = 0; i < 20; i += 2) {
      similar += trainer.similarity(row(i), row((i + 2) % 20)) / 10 // rows 100 + even share class 0
      dissimilar += trainer.similarity(row(i), row(i + 1)) / 10
    }
    trainer.dispose()
    expect(similar).toBeGreaterThan(0.8)
    expect(dissimilar).toBeLessThan(0.2)
  })
})

describe('createSiameseTrainer steps', () => {
  const { data, labels } = twoClouds(20, 20, 4)

  it('keeps tf.memory().numTensors level across steps for every loss, mining, gate and decay', async () => {
    const variants: Partial<SiameseOptions>[] = [
      { loss: 'triplet', mining: 'batch-hard', attention: true, weightDecay: { amount: 1e-3, mode: 'l2' } },
      { loss: 'triplet', mining: 'semi-hard', attention: 'sigmoid', weightDecay: { amount: 1e-2, mode: 'decoupled' } },
      { loss: 'contrastive', mining: 'threshold', threshold: { distance: 0.5 }, pk: { classes: 2, perClass: 4 } },
      { loss: 'triplet', mining: 'batch-hard', preset: 'A', widths: [16, 16, 8] }
    ]
    for (const variant of variants) {
      const trainer = createSiameseTrainer({ data, labels, preset: 'C', loss: 'triplet', mining: 'batch-hard', epochs: 3, seed: 2, ...variant })
      const counts: number[] = []
      for (let step = 0; step < 5; step++) {
        await trainer.trainBatch(range(step * 8, step * 8 + 8), Math.floor(step / 2))
        await trainer.evaluate!(range(0, 10))
        counts.push(tf.memory().numTensors)
      }
      trainer.dispose()
      // The first step creates Adam's slots; from then on nothing may accumulate.
      expect(new Set(counts.slice(1)).size, JSON.stringify(variant)).toBe(1)
    }
  })

  it('gives a finite loss and finite weights when every embedding is equal', async () => {
    // All-zero rows: the tower's biases start at zero, so every embedding is the zero vector.
    const zeros = { data: new Float32Array(8 * 5), rows: 8, cols: 5 }
    const same = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3])
    for (const loss of ['triplet', 'contrastive'] as const) {
      for (const mining of ['batch-hard', 'semi-hard'] as const) {
        const trainer = createSiameseTrainer({ data: zeros, labels: same, preset: 'C', loss, mining, epochs: 2, seed: 1 })
        const value = await trainer.trainBatch(range(0, 8), 0)
        expect(value).toBeCloseTo(loss === 'triplet' ? 1 : 0.25, 3) // triplet: margin 1; contrastive: ½·(m − 0)² for the negative half
        for (const w of trainer.weights()) expect(Array.from(w.dataSync()).every(Number.isFinite)).toBe(true)
        expect(Array.from(await trainer.embed()).every(Number.isFinite)).toBe(true)
        trainer.dispose()
      }
    }
  })

  it('treats a one-item class as a negative only and gives loss 0 when no triplet exists', async () => {
    const oneEach = Int32Array.from({ length: 40 }, (_, i) => (i < 2 ? 0 : i))
    const trainer = createSiameseTrainer({ data, labels: oneEach, preset: 'C', loss: 'triplet', mining: 'batch-hard', epochs: 2, seed: 1 })
    expect(await trainer.trainBatch(range(2, 10), 0)).toBe(0) // eight singletons: no anchor has a positive
    expect(await trainer.evaluate!(range(2, 10))).toBe(0)
    expect(await trainer.trainBatch(range(0, 10), 0)).toBeGreaterThan(0) // rows 0 and 1 are anchors, the rest negatives
    trainer.dispose()
    const pk = createSiameseTrainer({ data, labels: oneEach, preset: 'C', loss: 'triplet', mining: 'semi-hard', epochs: 2, seed: 1, pk: { classes: 4, perClass: 3 } })
    expect(Number.isFinite(await pk.trainBatch(range(0, 4), 0))).toBe(true)
    pk.dispose()
  })

  it('sets the learning rate of the step schedule and the margin of the epoch', async () => {
    const trainer = createSiameseTrainer({ data, labels, preset: 'C', loss: 'triplet', mining: 'batch-hard', epochs: 5, seed: 1, learningRate: { initial: 0.01, gamma: 0.1, every: 2 } })
    const rate = (): number => (trainer.optimizer as unknown as { learningRate: number }).learningRate
    await trainer.trainBatch(range(0, 8), 1)
    expect(rate()).toBeCloseTo(0.01, 12)
    await trainer.trainBatch(range(0, 8), 2)
    expect(rate()).toBeCloseTo(0.001, 12)
    await trainer.trainBatch(range(0, 8), 4)
    expect(rate()).toBeCloseTo(0.0001, 12)
    trainer.dispose()
    const flat = createSiameseTrainer({ data, labels, preset: 'C', loss: 'triplet', mining: 'batch-hard', epochs: 5, seed: 1, learningRate: 0 })
    const margins: number[] = []
    for (const epoch of [0, 2, 4]) {
      await flat.trainBatch(range(0, 8), epoch)
      margins.push(flat.margin)
    }
    expect(margins).toEqual([1, 1.25, 1.5])
    flat.dispose()
  })

  it('never reads tensors synchronously while training or validating, as GPU backends in Node cannot', async () => {
    const original = tf.Tensor.prototype.dataSync
    const trainers = (['batch-hard', 'semi-hard'] as const).map((mining) => createSiameseTrainer({ data, labels, preset: 'C', loss: 'triplet', mining, epochs: 2, seed: 1, pk: { classes: 2, perClass: 4 } }))
    tf.Tensor.prototype.dataSync = function () {
      throw new Error('OffscreenCanvas is not defined')
    }
    try {
      for (const trainer of trainers) {
        expect(await trainer.trainBatch(range(0, 8), 0)).toBeGreaterThan(0)
        expect(await trainer.evaluate!(range(0, 20))).toBeGreaterThan(0)
      }
    } finally {
      tf.Tensor.prototype.dataSync = original
      trainers.forEach((t) => t.dispose())
    }
  })

  it('reports training and validation losses at the first margin of the schedule whatever the epoch, so epochs compare', async () => {
    // Every embedding equal: the triplet loss is exactly the margin it is taken at; training still
    // optimises at the epoch's margin (the previous test).
    const zeros = { data: new Float32Array(4 * 3), rows: 4, cols: 3 }
    const flat = createSiameseTrainer({ data: zeros, labels: Int32Array.from([0, 0, 1, 1]), preset: 'C', loss: 'triplet', mining: 'semi-hard', epochs: 5, seed: 1, learningRate: 0, margin: { start: 0.8, end: 2 } })
    const seen: number[] = []
    for (const epoch of [0, 2, 4]) {
      seen.push(Number((await flat.trainBatch(range(0, 4), epoch)).toFixed(4)), Number((await flat.evaluate!(range(0, 4))).toFixed(4)))
    }
    expect(seen).toEqual([0.8, 0.8, 0.8, 0.8, 0.8, 0.8])
    expect(flat.margin).toBe(2)
    flat.dispose()
  })

  it('learns the attention gate and lists it among the weights', async () => {
    const trainer = createSiameseTrainer({ data, labels, preset: 'C', loss: 'triplet', mining: 'batch-hard', epochs: 2, seed: 1, attention: true, learningRate: 1e-2 })
    expect(trainer.weights()).toContain(trainer.gate!.logits)
    for (let i = 0; i < 3; i++) await trainer.trainBatch(range(0, 16), 0)
    const g = trainer.gate!.logits.dataSync()
    expect(Math.max(...Array.from(g, Math.abs))).toBeGreaterThan(0)
    trainer.dispose()
  })

  it('decoupled weight decay shrinks the kernels when there is nothing to learn', async () => {
    const oneEach = Int32Array.from({ length: 40 }, (_, i) => i)
    const trainer = createSiameseTrainer({ data, labels: oneEach, preset: 'C', loss: 'triplet', mining: 'batch-hard', epochs: 2, seed: 1, learningRate: 0.1, weightDecay: { amount: 0.5, mode: 'decoupled' } })
    const kernel = trainer.model.getWeights()[0]!
    const before = tf.sum(tf.abs(kernel)).dataSync()[0]!
    await trainer.trainBatch(range(0, 8), 0)
    const after = tf.sum(tf.abs(trainer.model.getWeights()[0]!)).dataSync()[0]!
    expect(after / before).toBeCloseTo(1 - 0.1 * 0.5, 5)
    trainer.dispose()
  })
})
