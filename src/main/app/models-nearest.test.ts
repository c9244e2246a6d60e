import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { createImportJob } from './import-service'
import { launchEmbed, launchImport, launchTrain } from './services'
import { checkEmbedRequest, createEmbedJob } from './models-embed'
import { checkTrainRequest, createTrainJob } from './models-service'
import { compareItems } from './models-queries'
import { comparePair, nearestItems } from './models-nearest'
import { modelInfo, models } from './model-store'
import { ARG_SCHEMAS } from './schemas'
import { barPng, writeBarFolders } from '../test-support/bar-images'
import { tinyImageModel, writeModel } from '../test-support/onnx-model'
import type { TrainRequest } from '../../shared/contract'

let dir: string
let bars: string
let lib: Library
let datasetId: number
let siameseId: number
let autoencoderId: number
const PER_GROUP = 20


async function train(req: TrainRequest): Promise<number> {
  const job = await launchTrain(lib, createTrainJob(lib, checkTrainRequest(lib, req)))
  expect(job.state, job.error?.message).toBe('done')
  return job.result!.modelId
}

const itemIdOf = (relPath: string): number =>
  (lib.db.prepare('SELECT id FROM items WHERE dataset_id = ? AND rel_path = ?').get(datasetId, relPath) as { id: number }).id

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-nearest-'))
  bars = join(dir, 'bars')
  await writeBarFolders(bars, PER_GROUP)
  lib = new Library(join(dir, 'lib', 'library.sqlite'), { workers: 1 })
  const job = await launchImport(lib, createImportJob(lib, bars, false))
  expect(job.state).toBe('done')
  datasetId = job.datasetId!
  siameseId = await train({ datasetId, kind: 'siamese', epochs: 2, params: { widths: '16', latent: 8, batchSize: 8 }, backend: 'cpu' })
  autoencoderId = await train({ datasetId, kind: 'autoencoder', epochs: 1, params: { hidden: '16', latent: 4, batchSize: 8 }, backend: 'cpu' })
}, 240_000)

afterAll(async () => {
  await lib?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the items nearest to an image file', () => {
  it('finds a Siamese model own image first, at distance 0, with the similarity compare gives the pair of it with itself', async () => {
    const file = join(bars, 'vertical', 'v-07.png')
    const result = await nearestItems(lib, { modelId: siameseId, path: file, k: 5 })
    expect(result.file).toBe(file)
    expect(result.neighbours).toHaveLength(5)
    const [first] = result.neighbours
    expect(first!.path).toBe('vertical/v-07.png')
    expect(first!.itemId).toBe(itemIdOf('vertical/v-07.png'))
    expect(first!.distance).toBeLessThan(1e-4)
    const self = compareItems(lib, siameseId, first!.itemId, first!.itemId)
    expect(first!.similarity).toBeCloseTo(self.similarity, 4)
    const distances = result.neighbours.map((n) => n.distance)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
    // The threshold verdict reads on the distance, as compare's does.
    expect(result.threshold).toBe(models(lib).get(siameseId)!.metrics['threshold'])
    expect(first!.similar).toBe(true)
    // Each neighbour's distance is the one compare gives for that item and the first (the same image).
    for (const n of result.neighbours) expect(n.distance).toBeCloseTo(compareItems(lib, siameseId, first!.itemId, n.itemId).distance, 4)
    // A pair of a file and an item scores as the pair of the file's own item and that item does.
    const other = result.neighbours[4]!
    const pair = await comparePair(lib, siameseId, { path: file }, { itemId: other.itemId })
    expect(pair).toMatchObject({ threshold: result.threshold, similar: other.similar })
    expect(pair.distance).toBeCloseTo(other.distance, 4)
    expect(pair.similarity).toBeCloseTo(compareItems(lib, siameseId, first!.itemId, other.itemId).similarity, 4)
  }, 60_000)

  it('finds an autoencoder own image first with similarity 1, no threshold and no verdict, and gives 10 by default', async () => {
    const outside = join(dir, 'outside')
    mkdirSync(outside, { recursive: true })
    const copy = join(outside, 'copy of h-03.png')
    writeFileSync(copy, await barPng(true, 3))
    const result = await nearestItems(lib, { modelId: autoencoderId, path: copy })
    expect(result.neighbours).toHaveLength(10)
    expect(result.neighbours[0]!.path).toBe('horizontal/h-03.png')
    expect(result.neighbours[0]!.distance).toBeLessThan(1e-3)
    expect(result.neighbours[0]!.similarity).toBeGreaterThan(0.9999)
    expect(result.threshold).toBeNull()
    expect(result.neighbours.every((n) => n.similar === null)).toBe(true)
    expect(new Set(result.neighbours.map((n) => n.itemId)).size).toBe(10)
  }, 60_000)

  it('searches a dataset embedded with an ONNX encoder, which must be told the dataset', async () => {
    const modelPath = writeModel(join(dir, 'tiny.onnx'), tinyImageModel())
    writeFileSync(`${modelPath}.likeness.json`, JSON.stringify({ size: 4, mean: [0, 0, 0], std: [1, 1, 1], scale: 255, resize: 'squash', name: 'Tiny test encoder' }))
    const job = await launchEmbed(lib, createEmbedJob(lib, await checkEmbedRequest(lib, { datasetId, onnxPath: modelPath })))
    expect(job.state, job.error?.message).toBe('done')
    const onnxId = job.result!.modelId!
    const file = join(bars, 'horizontal', 'h-11.png')
    await expect(nearestItems(lib, { modelId: onnxId, path: file })).rejects.toThrow(/ONNX encoder and belongs to no dataset: say which dataset/)
    const result = await nearestItems(lib, { modelId: onnxId, path: file, datasetId, k: 40 })
    expect(result.neighbours).toHaveLength(40)
    expect(result.neighbours[0]!.distance).toBeLessThan(1e-5)
    expect(result.neighbours.find((n) => n.path === 'horizontal/h-11.png')!.distance).toBeLessThan(1e-5)
    expect(result.threshold).toBeNull()
  }, 60_000)

  it('places a file with a model that learned from the HOG set: the HOG of the file computed as the import did, its own item first', async () => {
    expect(models(lib).get(siameseId)!.params).toMatchObject({ preset: 'C' })
    const hog = lib.featureSets.list(datasetId).find((set) => set.method === 'hog')!
    const modelId = await train({ datasetId, kind: 'autoencoder', epochs: 1, featureSetId: hog.id, params: { hidden: '16', latent: 4, batchSize: 8 }, backend: 'cpu' })
    const result = await nearestItems(lib, { modelId, path: join(bars, 'vertical', 'v-01.png'), k: 3 })
    expect(result.neighbours[0]!.path).toBe('vertical/v-01.png')
    expect(result.neighbours[0]!.distance).toBeLessThan(1e-4)
    expect(result.neighbours[1]!.distance).toBeGreaterThan(result.neighbours[0]!.distance)
  }, 60_000)

  it('says what to do for a relative path, a missing file, a folder, a file that is not an image and a model that is not there', async () => {
    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'these are not pixels')
    const fake = join(dir, 'fake.png')
    writeFileSync(fake, 'not a PNG either, whatever the name says')
    const ask = (path: string): Promise<unknown> => nearestItems(lib, { modelId: siameseId, path })
    await expect(ask('bars/vertical/v-01.png')).rejects.toThrow(/Give the image's full path, such as .* not "bars\/vertical\/v-01\.png"/)
    await expect(ask(join(dir, 'missing.png'))).rejects.toThrow(/There is no file .*missing\.png: check the path/)
    await expect(ask(bars)).rejects.toThrow(/bars is a folder: give the path of one image file in it/)
    await expect(ask(text)).rejects.toThrow(/notes\.txt is not an image Likeness reads: give a JPEG, PNG/)
    await expect(ask(fake)).rejects.toThrow(/fake\.png is not an image Likeness reads/)
    await expect(nearestItems(lib, { modelId: 999, path: fake })).rejects.toThrow(/There is no model 999/)
    await expect(nearestItems(lib, { modelId: siameseId, path: join(bars, 'vertical', 'v-01.png'), datasetId: datasetId + 1 })).rejects.toThrow(/trained on dataset \d+, not \d+/)
  })

  it('refuses an image over the library pixel limit', async () => {
    const strict = new Library(lib.path, { workers: 1, limitInputPixels: 100 })
    try {
      await expect(nearestItems(strict, { modelId: siameseId, path: join(bars, 'vertical', 'v-01.png') })).rejects.toThrow(/16 × 16 pixels .* over the library's limit/)
    } finally {
      await strict.close()
    }
  })

  it('checks the request at the boundary: k from 1 to 100, a path without NUL bytes, nothing else', () => {
    const schema = ARG_SCHEMAS['models:nearest']
    expect(schema.safeParse({ modelId: 1, path: '/a.png', k: 100 }).success).toBe(true)
    expect(schema.safeParse({ modelId: 1, path: '/a.png', k: 101 }).success).toBe(false)
    expect(schema.safeParse({ modelId: 1, path: '/a.png', k: 0 }).success).toBe(false)
    expect(schema.safeParse({ modelId: 1, path: '/a\0.png' }).success).toBe(false)
    expect(schema.safeParse({ modelId: 1, path: '/a.png', extra: true }).success).toBe(false)
  })
})

describe('the histogram of validation distances', () => {
  it('is stored with a Siamese model: increasing edges, one count per bin, similar and dissimilar pairs alternating', () => {
    const info = modelInfo(lib, models(lib).get(siameseId)!)
    const h = info.scoreHistogram
    expect(h).not.toBeNull()
    expect(h!.edges).toHaveLength(31)
    expect(h!.edges[0]).toBe(0)
    for (let i = 1; i < h!.edges.length; i++) expect(h!.edges[i]!).toBeGreaterThan(h!.edges[i - 1]!)
    expect(h!.similar).toHaveLength(30)
    expect(h!.dissimilar).toHaveLength(30)
    const sum = (a: number[]): number => a.reduce((s, x) => s + x, 0)
    // The validation pairs alternate similar, dissimilar: the two counts differ by at most one.
    expect(sum(h!.similar)).toBeGreaterThan(0)
    expect(sum(h!.similar) - sum(h!.dissimilar)).toBeGreaterThanOrEqual(0)
    expect(sum(h!.similar) - sum(h!.dissimilar)).toBeLessThanOrEqual(1)
    expect(h!.edges.at(-1)!).toBeGreaterThanOrEqual(info.metrics['threshold']!)
  })

  it('is null for an autoencoder, which has no labelled pairs', () => {
    expect(modelInfo(lib, models(lib).get(autoencoderId)!).scoreHistogram).toBeNull()
  })
})
