import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { embedFiles } from '../engine/nn/onnx-encoder'
import { noiseImage } from '../test-support/fixtures'
import { tinyImageModel, tinyTokenModel, writeModel } from '../test-support/onnx-model'
import { embedFilesParallel, shareCores } from './parallel-onnx'
import { WorkerPool } from './pool'

let dir: string
let paths: string[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-onnx-pool-'))
  // Noise, not solid colours: each image embeds differently, so a row put in the wrong place shows.
  paths = await Promise.all(Array.from({ length: 11 }, (_, i) => noiseImage(7 + i, 5 + (i % 3), 100 + i).png().toFile(join(dir, `n${i}.png`)).then(() => join(dir, `n${i}.png`))))
  writeFileSync(join(dir, 'broken.png'), 'not an image')
  paths.splice(4, 0, join(dir, 'broken.png'))
  await sharp({ create: { width: 3, height: 3, channels: 3, background: '#808080' } }).png().toFile(join(dir, 'grey.png'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('embedFilesParallel', () => {
  it('gives the in-thread vectors and failures, in order, from 2 workers', async () => {
    const model = writeModel(join(dir, 'tokens.onnx'), tinyTokenModel())
    writeFileSync(`${model}.likeness.json`, JSON.stringify({ pooling: 'mean', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }))
    const want = await embedFiles(model, paths, { batchSize: 2 })
    const progress: number[] = []
    const run = vi.spyOn(WorkerPool.prototype, 'run')
    const got = await embedFilesParallel(model, paths, { batchSize: 2, workers: 2, cores: 2, onProgress: (done) => progress.push(done) })
    const pools = [...new Set(run.mock.contexts as WorkerPool<unknown, unknown>[])]
    const tasks = run.mock.calls.length
    run.mockRestore()
    expect(pools.map((p) => p.size)).toEqual([2])
    expect(tasks).toBe(3)
    expect(got.dim).toBe(2)
    expect(Array.from(got.vectors)).toEqual(Array.from(want.vectors))
    expect(got.failures).toEqual(want.failures)
    expect(got.failures.map((f) => f.index)).toEqual([4])
    expect(got.warnings).toEqual([])
    // 12 files in tasks of 4: three reports, the last of all of them.
    expect(progress).toHaveLength(3)
    expect(progress.at(-1)).toBe(12)
    // The rows differ from each other (the broken file's is zeros), so the comparison above checks the order.
    expect(Array.from(got.vectors.subarray(8, 10))).toEqual([0, 0])
    expect(new Set(Array.from({ length: 12 }, (_, i) => got.vectors[i * 2])).size).toBe(12)
  })

  it('passes the model error of the workers on', async () => {
    const text = join(dir, 'notes.onnx')
    writeFileSync(text, 'not a model')
    await expect(embedFilesParallel(text, [join(dir, 'grey.png')], { workers: 1 })).rejects.toThrow(`${text} is not an ONNX model: `)
  })

  it('hands the plan warnings back', async () => {
    const model = writeModel(join(dir, 'tiny.onnx'), tinyImageModel())
    const got = await embedFilesParallel(model, [join(dir, 'grey.png')], { workers: 1 })
    expect(got.warnings[0]).toContain('ImageNet mean')
    expect(got.dim).toBe(2)
  })
})

describe('shareCores', () => {
  it('keeps workers × threads within the cores', () => {
    expect(shareCores(8, 8, 100)).toEqual({ workers: 8, threads: 1 })
    expect(shareCores(8, 3, 100)).toEqual({ workers: 3, threads: 2 })
    expect(shareCores(8, 8, 2)).toEqual({ workers: 2, threads: 4 })
    expect(shareCores(2, 16, 100)).toEqual({ workers: 2, threads: 1 })
    expect(shareCores(1, 0, 0)).toEqual({ workers: 1, threads: 1 })
  })
})
