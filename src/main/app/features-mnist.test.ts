// Acceptance: a feature set of the 10,000 MNIST test digits, read from the IDX files as they are
// distributed, computed with progress, cancelled half-way without leaving partial rows,
// recomputed, and reused by the next run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { createFileImportJob } from './file-import'
import { checkFeaturesRequest, createFeaturesJob } from './features-service'
import { launchFeatures, launchImport } from './services'
import { FEATURE_METHODS } from '../engine/features'
import { mnistFile, readMnist } from '../../../scripts/mnist.mjs'
import type { JobInfo } from '../../shared/contract'

let dir: string
let lib: Library
let datasetId: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-mnist-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 2 })
  const job = await launchImport(lib, createFileImportJob(lib, mnistFile('test', 'images')))
  expect(job.state).toBe('done')
  datasetId = job.datasetId!
}, 120_000)

afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

const hogRequest = () => checkFeaturesRequest(lib.datasets.get(datasetId)!, { datasetId, method: 'hog' })
const vectorRows = (): number => (lib.db.prepare('SELECT COUNT(*) AS n FROM feature_vectors v JOIN feature_sets s ON s.id = v.feature_set_id WHERE s.method = ?').get('hog') as { n: number }).n

describe('the MNIST test set from its IDX files', () => {
  it('imports as 10,000 images in 10 label groups, with their pixels ready as a feature set', () => {
    const d = lib.datasets.get(datasetId)!
    expect(d).toMatchObject({ kind: 'images', itemCount: 10_000, okCount: 10_000, groupCount: 10 })
    expect(d.source).toMatchObject({ type: 'idx-images', rows: 28, cols: 28, labels: expect.stringMatching(/t10k-labels/) })
    const { images, labels } = readMnist('test')
    const list = lib.items.list(datasetId)
    expect(list.groups).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    const counts = list.groups.map((_, g) => list.items.filter((i) => i.group === g).length)
    expect(counts).toEqual(list.groups.map((g) => labels.filter((l) => l === Number(g)).length))
    const [pixels] = lib.featureSets.list(datasetId)
    expect(pixels).toMatchObject({ method: 'pixels', origin: 'file', dimension: 784, vectorCount: 10_000, complete: true })
    const m = lib.featureSets.loadMatrix(pixels!.id)
    // Row 0 is image 0 (the first test digit, a 7), each pixel scaled to 0..1.
    expect(lib.items.get(m.itemIds[0]!)).toMatchObject({ relPath: '0000', group: '7' })
    expect(Array.from(m.data.subarray(0, 784))).toEqual(Array.from(images.pixels.subarray(0, 784), (p) => Math.fround(p / 255)))
  })

  it('computes HOG with progress, cancels half-way without partial rows, recomputes, and reuses it', async () => {
    // Cancelled half-way: progress was reported, and nothing is left of the set.
    const seen: JobInfo[] = []
    const first = createFeaturesJob(lib, lib.datasets.get(datasetId)!, hogRequest())
    const off = lib.bus.on('job:progress', (j) => {
      if (j.id !== first.id) return
      seen.push(j)
      if (j.progress.done >= 5000) void lib.runner.cancel(first.id)
    })
    const cancelled = await launchFeatures(lib, first)
    off()
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.error?.message).toMatch(/nothing was kept/)
    const reported = seen.filter((j) => j.progress.phase === 'Computing HOG')
    expect(reported.length).toBeGreaterThan(2)
    expect(reported.at(-1)!.progress.total).toBe(10_000)
    expect(reported.at(-1)!.progress.done).toBeGreaterThanOrEqual(5000)
    expect(reported.at(-1)!.progress.done).toBeLessThan(10_000)
    expect(lib.featureSets.list(datasetId).map((s) => s.method)).toEqual(['pixels'])
    expect(vectorRows()).toBe(0)

    // Recomputed in full.
    const second = await launchFeatures(lib, createFeaturesJob(lib, lib.datasets.get(datasetId)!, hogRequest()))
    expect(second.state).toBe('done')
    expect(second.result).toMatchObject({ reused: false, computed: 10_000, failed: 0, vectors: 10_000, dimension: 576 })
    expect(vectorRows()).toBe(10_000)
    const set = lib.featureSets.get(second.result!.featureSetId)!
    expect(set).toMatchObject({ complete: true, origin: 'computed' })
    expect(set.seconds).toBeGreaterThan(0)

    // The vectors are the HOG of each digit as the engine computes it alone.
    const { images } = readMnist('test')
    const m = lib.featureSets.loadMatrix(set.id)
    for (const r of [0, 4321, 9999]) {
      const index = Number(lib.items.get(m.itemIds[r]!)!.relPath)
      const digit = { width: 28, height: 28, channels: 1, data: images.pixels.subarray(index * 784, (index + 1) * 784) }
      expect(Array.from(m.data.subarray(r * 576, (r + 1) * 576))).toEqual(Array.from(FEATURE_METHODS.hog.extract(digit, FEATURE_METHODS.hog.defaults)))
    }

    // Reused by the next run: nothing computed, the same set.
    const third = await launchFeatures(lib, createFeaturesJob(lib, lib.datasets.get(datasetId)!, hogRequest()))
    expect(third.result).toMatchObject({ reused: true, computed: 0, featureSetId: set.id, vectors: 10_000 })
    expect(vectorRows()).toBe(10_000)
  }, 180_000)
})
