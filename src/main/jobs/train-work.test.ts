import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { trainWork, splitRows } from './train-work'
import type { FromTrainThread, TrainOutcome, TrainWorkerData } from './train-messages'
import { resolveParams } from './train-params'

let dir: string
let files: string[]
const N = 24

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-train-work-'))
  files = await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const pixels = Buffer.alloc(64, 20)
      for (let k = 0; k < 8; k++) pixels[i % 2 === 0 ? (i % 8) * 8 + k : k * 8 + (i % 8)] = 230
      const file = join(dir, `img-${String(i).padStart(2, '0')}.png`)
      await sharp(pixels, { raw: { width: 8, height: 8, channels: 1 } }).png().toFile(file)
      return file
    })
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function data(name: string, epochs: number): TrainWorkerData {
  const { params } = resolveParams('autoencoder', [{ width: 8, height: 8 }], { hidden: '8', latent: 3, batchSize: 4 })
  return {
    mode: 'train', kind: 'autoencoder', params, files, labels: null, dir: join(dir, name), epochs, seed: 7, backend: 'cpu',
    limitInputPixels: 1e8, maxFileBytes: 1e9, cancel: new SharedArrayBuffer(4)
  }
}

async function run(d: TrainWorkerData, onMessage: (m: FromTrainThread) => void = () => undefined): Promise<TrainOutcome> {
  let outcome: TrainOutcome | null = null
  await trainWork(d, (m) => {
    if (m.type === 'result') outcome = m.outcome
    onMessage(m)
  })
  return outcome!
}

describe('trainWork', () => {
  it('splits 10 % of the rows off for validation, seeded', () => {
    const a = splitRows(40, 3)
    expect(a.val).toHaveLength(4)
    expect(a.train).toHaveLength(36)
    expect(new Set([...a.train, ...a.val]).size).toBe(40)
    expect(Array.from(splitRows(40, 3).val)).toEqual(Array.from(a.val))
  })

  it('holds out a tenth of each class when there are labels, at least one of five or more, none of fewer', () => {
    const labels = Int32Array.from({ length: 50 }, (_, i) => (i < 20 ? 0 : i < 40 ? 1 : i < 46 ? 2 : 3))
    const { train, val } = splitRows(50, 3, labels)
    // 20 → 2, 20 → 2, 6 → at least 1, 4 → none.
    expect(Array.from(val, (r) => labels[r]).sort()).toEqual([0, 0, 1, 1, 2])
    expect(train).toHaveLength(45)
  })

  it('stops within the epoch after the cancel flag is set and, resumed, gives the embeddings of an uninterrupted run', async () => {
    const whole = await run(data('whole', 3))
    expect(whole.stopped).toBe('done')
    expect(whole.curve.map((c) => c.epoch)).toEqual([1, 2, 3])

    const first = data('interrupted', 3)
    const flag = new Int32Array(first.cancel)
    const seen: number[] = []
    const cancelled = await run(first, (m) => {
      if (m.type !== 'epoch') return
      seen.push(m.point.epoch)
      Atomics.store(flag, 0, 1)
    })
    expect(cancelled.stopped).toBe('cancelled')
    expect(cancelled.vectors).toBeNull()
    expect(seen).toEqual([1])
    expect(cancelled.curve.map((c) => c.epoch)).toEqual([1])

    const resumed = await run({ ...first, cancel: new SharedArrayBuffer(4) })
    expect(resumed.stopped).toBe('done')
    expect(resumed.curve.map((c) => c.loss)).toEqual(whole.curve.map((c) => c.loss))
    expect(Array.from(resumed.vectors!)).toEqual(Array.from(whole.vectors!))
    expect(resumed.vectors).toHaveLength(N * 3)
  }, 60_000)

  it('stops early when the loss stops improving, with patience 5 by default', async () => {
    expect(data('defaults', 1).params['patience']).toBe(5)
    // A learning rate of 1 throws Adam's steps far past the minimum: the loss soon stops improving.
    const wild = data('early', 40)
    const out = await run({ ...wild, params: { ...wild.params, learningRate: 1, patience: 1 } })
    expect(out.stopped).toBe('early')
    expect(out.curve.length).toBeLessThan(40)
    // The best epoch's embeddings are the ones kept.
    expect(out.bestEpoch).toBeLessThan(out.curve.length)
    expect(out.vectors).toHaveLength(N * 3)
  }, 60_000)

  it('reports the images it cannot read and trains on the others', async () => {
    const d = data('missing', 1)
    const out = await run({ ...d, files: [...files, join(dir, 'nowhere.png')] })
    expect(out.failures.map((f) => f.index)).toEqual([N])
    expect(out.read).toHaveLength(N)
    expect(out.vectors).toHaveLength(N * 3)
  }, 60_000)
})
