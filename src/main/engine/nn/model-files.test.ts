import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tf } from './tf'
import { loadLayersModel, loadWeightList, saveLayersModel, saveWeightList } from './model-files'
import { createAutoencoderTrainer } from './autoencoder'
import { range, squareImages } from './test-data'

let dir: string
beforeAll(async () => {
  await tf.setBackend('cpu')
  dir = await mkdtemp(path.join(tmpdir(), 'likeness-model-files-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('model files', () => {
  it('saves a trained model and loads one that predicts exactly the same', async () => {
    const images = squareImages(8, 8, 1, 5)
    const trainer = createAutoencoderTrainer(images, { kind: 'conv', side: 8, filters: [4, 8], latent: 3, learningRate: 1e-2, contrastive: null }, 3)
    await trainer.trainBatch(range(8), 0) // moves the batch-norm statistics away from their initial values
    const target = path.join(dir, 'models', 'conv')
    await saveLayersModel(trainer.model, target)
    await saveLayersModel(trainer.model, target) // over an existing folder
    const loaded = await loadLayersModel(target)
    const x = tf.tensor4d(images.data, [8, 8, 8, 1])
    const before = (trainer.model.predict(x) as tf.Tensor).dataSync()
    const after = (loaded.predict(x) as tf.Tensor).dataSync()
    expect(Array.from(after)).toEqual(Array.from(before))
    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin'])
    expect((await readdir(path.dirname(target))).sort()).toEqual(['conv'])
    expect((await stat(target)).mode & 0o777).toBe(0o700)
    expect((await stat(path.join(target, 'weights.bin'))).mode & 0o777).toBe(0o600)
    expect((await stat(path.join(target, 'model.json'))).mode & 0o777).toBe(0o600)
    loaded.dispose()
    trainer.dispose()
    tf.dispose(x)
  })

  it('round-trips a weight list with its header, in order and bit for bit', async () => {
    const a = tf.tensor2d([1.5, -2.25, 3e-8, 4], [2, 2])
    const b = tf.scalar(7, 'int32')
    const file = path.join(dir, 'w', 'list.ckpt')
    await saveWeightList(file, { epoch: 3, note: 'x' }, [
      { name: 'z', tensor: a },
      { name: 'a', tensor: b }
    ])
    const { header, tensors } = await loadWeightList<{ epoch: number }>(file)
    expect(header).toEqual({ epoch: 3, note: 'x' })
    expect(tensors.map((t) => t.name)).toEqual(['z', 'a'])
    expect(tensors[0]!.tensor.shape).toEqual([2, 2])
    expect(Array.from(tensors[0]!.tensor.dataSync())).toEqual(Array.from(a.dataSync()))
    expect(tensors[1]!.tensor.dtype).toBe('int32')
    expect(tensors[1]!.tensor.dataSync()[0]).toBe(7)
    expect(await readdir(path.dirname(file))).toEqual(['list.ckpt'])
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    tf.dispose([a, b, ...tensors.map((t) => t.tensor)])
  })
})
