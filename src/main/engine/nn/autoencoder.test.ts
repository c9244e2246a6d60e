import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { tf } from './tf'
import { autoencoderKernels, createAutoencoderTrainer } from './autoencoder'
import { autoencoderLoss, contrastiveTerm, nearestInBatch, randomOthers } from './autoencoder-loss'
import { autoencoderForImages, denseDefaults } from './autoencoder-params'
import { seededRandom } from '../random'
import { selectBackend } from './backends'
import { clusteredMatrix, range, squareImages } from './test-data'

beforeAll(async () => {
  vi.stubEnv('LIKENESS_BACKEND', '')
  await tf.setBackend('cpu')
})
afterAll(() => {
  vi.unstubAllEnvs()
})

describe('the contrastive loss', () => {
  it('picks the nearest other row as the positive and never the row itself as the negative', () => {
    const x = tf.tensor2d([0, 0, 10, 10, 0.5, 0, 10, 11], [4, 2])
    expect(Array.from(nearestInBatch(x).dataSync())).toEqual([2, 3, 0, 1])
    const others = randomOthers(5, seededRandom(1)).dataSync()
    others.forEach((o, i) => expect(o).not.toBe(i))
  })

  it('pulls each row to its positive and pushes it from its negative within the margin', () => {
    const z = tf.tensor2d([0, 0, 3, 4, 0, 1], [3, 2])
    const pairs = { positive: tf.tensor1d([2, 2, 0], 'int32'), negative: tf.tensor1d([1, 0, 1], 'int32') }
    // Squared distances to the positives: 1, 18, 1; distances to the negatives: 5, 5, √18.
    const expected = 0.5 * (1 + (10 - 5) ** 2 + 18 + (10 - 5) ** 2 + 1 + (10 - Math.sqrt(18)) ** 2) / 3
    expect(contrastiveTerm(z, pairs, 10).dataSync()[0]).toBeCloseTo(expected, 3)
    // The gradient reaches the picked rows too (row 2 is row 0's and row 1's positive), which a
    // gather's gradient did; here it goes through the one-hot product.
    const grad = tf.grad((zz: tf.Tensor) => contrastiveTerm(zz as tf.Tensor2D, { positive: pairs.positive, negative: tf.tensor1d([0, 1, 2], 'int32') }, 0))(z)
    // With margin 0 only the pull remains: d/dz of ½·mean(|z_i − z_p(i)|²).
    expect(Array.from(grad.dataSync()).map((g) => Math.round(g * 3 * 1e4) / 1e4 + 0)).toEqual([0, -2, 3, 3, -3, -1])
  })

  it.each([
    ['all zeros', () => tf.zeros([6, 4])],
    ['all-equal rows', () => tf.ones([6, 4]).mul(3)]
  ])('is finite, with finite gradients, on %s', (_name, make) => {
    const x = make()
    const pairs = { positive: nearestInBatch(x), negative: randomOthers(6, seededRandom(2)) }
    const z = make().slice([0, 0], [6, 3]) as tf.Tensor2D
    const loss = autoencoderLoss(x, z, make(), { weight: 1, margin: 1, pairs })
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true)
    // Every negative sits at distance √ε = 1e-3: ½ · (margin − 1e-3)².
    expect(loss.dataSync()[0]).toBeCloseTo(0.5 * (1 - 1e-3) ** 2, 6)
    const grad = tf.grad((zz: tf.Tensor) => contrastiveTerm(zz as tf.Tensor2D, pairs, 1))(z)
    expect(Array.from(grad.dataSync()).every(Number.isFinite)).toBe(true)
  })

  it('trains to a finite loss on all-zero data', async () => {
    const trainer = createAutoencoderTrainer({ matrix: new Float32Array(8 * 5), rows: 8, cols: 5 }, { kind: 'dense', hidden: [6], latent: 2, learningRate: 1e-2, contrastive: { weight: 1, margin: 1 } }, 1)
    for (let i = 0; i < 3; i++) expect(Number.isFinite(await trainer.trainBatch(range(8), 0))).toBe(true)
    trainer.dispose()
  })

  it("trains a batch of one row (an epoch's last, say) on the reconstruction alone", async () => {
    const params = { kind: 'dense' as const, hidden: [6], latent: 2, learningRate: 1e-2 }
    const data = clusteredMatrix(4, 5, 2, 3)
    const withTerm = createAutoencoderTrainer(data, { ...params, contrastive: { weight: 1, margin: 1 } }, 1)
    const without = createAutoencoderTrainer(data, { ...params, contrastive: null }, 1)
    // Same seed, same weights: with no other row to pair with, the loss is the plain MSE.
    expect(await withTerm.trainBatch(Int32Array.of(2), 0)).toBe(await without.trainBatch(Int32Array.of(2), 0))
    withTerm.dispose()
    without.dispose()
  })
})

describe('the autoencoders', () => {
  it('the dense one lowers its loss in a few epochs and embeds rows × latent', async () => {
    const trainer = createAutoencoderTrainer(clusteredMatrix(64, 20, 4, 1), { kind: 'dense', hidden: [32, 16], latent: 3, learningRate: 1e-2, contrastive: { weight: 0.1, margin: 1 } }, 4)
    const rows = range(64)
    const first = await trainer.evaluate!(rows)
    for (let epoch = 0; epoch < 8; epoch++) for (let b = 0; b < 4; b++) await trainer.trainBatch(rows.subarray(b * 16, b * 16 + 16), epoch)
    expect(await trainer.evaluate!(rows)).toBeLessThan(first * 0.5)
    const embedding = await trainer.embed()
    expect(embedding.length).toBe(64 * 3)
    expect((await trainer.embed(Int32Array.of(5, 9))).length).toBe(6)
    trainer.dispose()
  })

  it('the convolutional one lowers its loss in a few epochs, resizing and converting the images', async () => {
    const images = squareImages(16, 12, 3, 2)
    const trainer = createAutoencoderTrainer(images, { kind: 'conv', side: 8, filters: [4, 8], latent: 4, learningRate: 1e-2, contrastive: { weight: 0.1, margin: 1 }, channels: 1 }, 5)
    expect(trainer.kernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'ResizeBilinear']))
    const rows = range(16)
    const losses: number[] = []
    for (let epoch = 0; epoch < 10; epoch++) losses.push(await trainer.trainBatch(rows, epoch))
    expect(losses[9]).toBeLessThan(losses[0]! * 0.5)
    expect((await trainer.embed()).length).toBe(16 * 4)
    trainer.dispose()
  })

  it('frees every tensor it holds when disposed', async () => {
    const before = tf.memory().numTensors
    const trainer = createAutoencoderTrainer(squareImages(4, 8, 1, 1), { kind: 'conv', side: 8, filters: [2, 4], latent: 2, learningRate: 1e-2, contrastive: null }, 1)
    await trainer.trainBatch(range(4), 0)
    trainer.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  it('refuses a side the blocks cannot halve, saying which side to use', () => {
    expect(() => createAutoencoderTrainer(squareImages(2, 10, 1, 1), { kind: 'conv', side: 10, filters: [4, 8], latent: 2, learningRate: 1e-3, contrastive: null }, 1)).toThrow(/multiple of 4.*Choose 12 px/)
  })
})

describe('autoencoderForImages', () => {
  it('chooses the dense design on the pixel vector for small images', () => {
    const { params, reason } = autoencoderForImages([{ width: 28, height: 28 }, { width: 28, height: 28 }])
    expect(params).toMatchObject({ kind: 'dense', hidden: [500, 500, 2000], latent: 10, side: 28 })
    expect(reason).toMatch(/28 px.*dense N2D/)
  })

  it('chooses the convolutional design for larger images, at their side rounded to 8 and at most 64 px', () => {
    expect(autoencoderForImages([{ width: 40, height: 38 }]).params).toMatchObject({ kind: 'conv', side: 40, filters: [32, 64, 128] })
    const photos = autoencoderForImages([{ width: 4000, height: 3000 }])
    expect(photos.params).toMatchObject({ kind: 'conv', side: 64 })
    expect(photos.reason).toMatch(/3464 px brought down to 64 px/)
    expect(autoencoderForImages([]).params).toMatchObject({ kind: 'conv', side: 64 })
  })
})

describe('the kernels an autoencoder asks its backend for', () => {
  it('are all in WebAssembly for the default dense model, contrastive term included', async () => {
    await selectBackend({ force: 'wasm' })
    await tf.setBackend('cpu')
    const params = denseDefaults(28)
    expect(params.contrastive).not.toBeNull()
    const kernels = autoencoderKernels(squareImages(4, 28, 1, 1), params)
    expect(kernels).not.toContain('UnsortedSegmentSum')
    expect(kernels.filter((k) => tf.getKernel(k, 'wasm') === undefined)).toEqual([])
  })

  it('and a step with the contrastive term runs on WebAssembly, with the loss the CPU backend gives', async () => {
    const data = clusteredMatrix(16, 6, 2, 3)
    const params = { kind: 'dense' as const, hidden: [8], latent: 2, learningRate: 1e-2, contrastive: { weight: 1, margin: 1 } }
    const lossOn = async (backend: 'cpu' | 'wasm'): Promise<number> => {
      await selectBackend({ force: backend, needs: autoencoderKernels(data, params) })
      const trainer = createAutoencoderTrainer(data, params, 7)
      try {
        return await trainer.trainBatch(range(16), 0)
      } finally {
        trainer.dispose()
      }
    }
    const onCpu = await lossOn('cpu')
    const onWasm = await lossOn('wasm')
    await tf.setBackend('cpu')
    expect(onWasm).toBeCloseTo(onCpu, 4)
  })

  it('include the one-hot row picking only when the contrastive term is on', () => {
    const data = { matrix: new Float32Array(8 * 4), rows: 8, cols: 4 }
    const withTerm = denseDefaults()
    expect(autoencoderKernels(data, withTerm)).toContain('OneHot')
    expect(autoencoderKernels(data, { ...withTerm, contrastive: null })).not.toContain('OneHot')
  })
})
