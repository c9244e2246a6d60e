import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tf } from './tf'
import type { Trainer } from './trainer'
import { trainLoop, type TrainProgress } from './train-loop'
import { createAutoencoderTrainer, type AutoencoderData } from './autoencoder'
import type { AutoencoderParams } from './autoencoder-params'
import { loadWeightList } from './model-files'
import { clusteredMatrix, range, squareImages } from './test-data'

let dir: string
beforeAll(async () => {
  await tf.setBackend('cpu')
  dir = await mkdtemp(path.join(tmpdir(), 'likeness-train-loop-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A trainer whose loss per epoch is scripted and whose one weight is the number of the epoch last trained. */
function scripted(losses: number[], valLosses?: number[]): Trainer & { clock?: () => void } {
  const w = tf.variable(tf.scalar(0))
  let epochNow = 0
  return {
    async trainBatch(_rows, epoch) {
      epochNow = epoch
      tf.tidy(() => w.assign(tf.scalar(epoch + 1)))
      return losses[epoch]!
    },
    ...(valLosses === undefined ? {} : { evaluate: async () => valLosses[epochNow]! }),
    weights: () => [w],
    dispose: () => w.dispose()
  }
}

const value = (t: Trainer): number => t.weights()[0]!.dataSync()[0]!
const snapshot = (t: Trainer): number[][] => t.weights().map((w) => Array.from(w.dataSync()))

const cases: [string, AutoencoderData, AutoencoderParams][] = [
  ['dense', clusteredMatrix(48, 12, 3, 1), { kind: 'dense', hidden: [16, 8], latent: 3, learningRate: 1e-2, contrastive: { weight: 0.1, margin: 1 } }],
  ['conv', squareImages(24, 8, 1, 1), { kind: 'conv', side: 8, filters: [4, 8], latent: 3, learningRate: 1e-2, contrastive: { weight: 0.1, margin: 1 } }]
]

describe('trainLoop with the autoencoders', () => {
  it.each(cases)('the %s autoencoder: lower loss, and the same tensor count after epoch 1 and epoch 5', async (name, data, params) => {
    const trainer = createAutoencoderTrainer(data, params, 2)
    const counts: number[] = []
    const result = await trainLoop(trainer, {
      trainRows: range(data.rows),
      validationRows: range(8),
      batchSize: 8,
      epochs: 5,
      seed: 1,
      checkpoint: { dir: path.join(dir, `memory-${name}`) },
      onProgress: (p) => p.batch === p.batches && counts.push(tf.memory().numTensors)
    })
    expect(result.stopped).toBe('done')
    expect(result.backend).toBe('cpu')
    expect(result.curve).toHaveLength(5)
    expect(result.curve[4]!.loss).toBeLessThan(result.curve[0]!.loss)
    expect(counts).toHaveLength(5)
    expect(counts[4]).toBe(counts[0])
    trainer.dispose()
  })

  it('cancelled after epoch 2 and resumed, ends with the weights of a run that never stopped', async () => {
    const [, data, params] = cases[0]!
    const options = { trainRows: range(40), validationRows: range(40).subarray(32), batchSize: 8, epochs: 5, seed: 9 }
    const straight = createAutoencoderTrainer(data, params, 3)
    const whole = await trainLoop(straight, options)

    const checkpoint = { dir: path.join(dir, 'resume') }
    const controller = new AbortController()
    const first = createAutoencoderTrainer(data, params, 3)
    const stopped = await trainLoop(first, { ...options, checkpoint, signal: controller.signal, onProgress: (p) => p.epoch === 2 && p.batch === p.batches && controller.abort() })
    expect(stopped.stopped).toBe('cancelled')
    expect(stopped.curve).toHaveLength(2)
    first.dispose()

    const second = createAutoencoderTrainer(data, params, 3)
    const resumed = await trainLoop(second, { ...options, checkpoint, resume: true })
    expect(resumed.stopped).toBe('done')
    expect(resumed.curve.map((c) => [c.loss, c.valLoss])).toEqual(whole.curve.map((c) => [c.loss, c.valLoss]))
    expect(resumed.bestEpoch).toBe(whole.bestEpoch)
    expect(snapshot(second)).toEqual(snapshot(straight))
    straight.dispose()
    second.dispose()
  })
})

describe('trainLoop', () => {
  it('stops early when the loss stops improving by more than minDelta', async () => {
    const trainer = scripted([1, 0.999, 0.998, 0.997, 0.996, 0.995])
    const result = await trainLoop(trainer, { trainRows: range(4), batchSize: 4, epochs: 6, seed: 1, earlyStop: { patience: 2, minDelta: 0.01 } })
    expect(result.stopped).toBe('early')
    expect(result.curve).toHaveLength(3)
    expect(result.bestEpoch).toBe(1)
    expect(value(trainer)).toBe(1)
  })

  it('keeps and saves the weights of the best epoch', async () => {
    const trainer = scripted([5, 3, 1, 2, 4])
    const checkpoint = { dir: path.join(dir, 'best') }
    const result = await trainLoop(trainer, { trainRows: range(4), batchSize: 2, epochs: 5, seed: 1, checkpoint })
    expect(result).toMatchObject({ stopped: 'done', bestEpoch: 3 })
    expect(result.curve.map((c) => c.loss)).toEqual([5, 3, 1, 2, 4])
    expect(value(trainer)).toBe(3)
    const saved = await loadWeightList(path.join(checkpoint.dir, 'best.ckpt'))
    expect(saved.tensors[0]!.tensor.dataSync()[0]).toBe(3)
  })

  it('judges the best epoch on the validation loss when there is one', async () => {
    const trainer = scripted([5, 4, 3, 2, 1], [3, 1, 2, 4, 5])
    const result = await trainLoop(trainer, { trainRows: range(4), validationRows: range(2), batchSize: 4, epochs: 5, seed: 1 })
    expect(result.bestEpoch).toBe(2)
    expect(result.curve[1]).toMatchObject({ epoch: 2, loss: 4, valLoss: 1 })
    expect(value(trainer)).toBe(2)
  })

  it('stops on a non-finite loss, naming the epoch and batch and what to do', async () => {
    await expect(trainLoop(scripted([1, Number.NaN]), { trainRows: range(4), batchSize: 2, epochs: 3, seed: 1 })).rejects.toThrow(/epoch 2, batch 1: the loss became NaN\. Lower the learning rate/)
  })

  it('reports batches at most ten times a second and every epoch once, with the time left', async () => {
    let t = 0
    const trainer = scripted([1, 1])
    const slow: Trainer = { ...trainer, trainBatch: async (rows, epoch) => ((t += 30), trainer.trainBatch(rows, epoch)) }
    const events: (TrainProgress & { t: number })[] = []
    await trainLoop(slow, { trainRows: range(50), batchSize: 1, epochs: 2, seed: 1, now: () => t, onProgress: (p) => events.push({ ...p, t }) })
    const perBatch = events.filter((e) => e.batch < e.batches)
    expect(perBatch.length).toBeGreaterThan(10)
    for (let i = 1; i < perBatch.length; i++) expect(perBatch[i]!.t - perBatch[i - 1]!.t).toBeGreaterThanOrEqual(100)
    const perEpoch = events.filter((e) => e.batch === e.batches)
    expect(perEpoch.map((e) => [e.epoch, e.secondsPerEpoch, e.etaSeconds])).toEqual([
      [1, 1.5, 1.5],
      [2, 1.5, 0]
    ])
  })

  it('gives each epoch its own seeded order: the same seed, the same batches', async () => {
    const seen = (seed: number) => {
      const batches: number[][] = []
      const t = scripted([1, 1])
      return trainLoop({ ...t, trainBatch: async (rows, e) => (batches.push([e, ...rows]), 1) }, { trainRows: range(6), batchSize: 3, epochs: 2, seed }).then(() => batches)
    }
    const a = await seen(4)
    expect(await seen(4)).toEqual(a)
    expect(await seen(5)).not.toEqual(a)
    expect(a[0]!.slice(1).concat(a[1]!.slice(1)).sort()).toEqual([0, 1, 2, 3, 4, 5])
    expect(a.slice(0, 2)).not.toEqual(a.slice(2, 4).map((b) => [0, ...b.slice(1)]))
  })
})
