import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { Library } from './library'
import { createImportJob } from './import-service'
import { launchFeatures, launchImport } from './services'
import { checkFeaturesRequest, createFeaturesJob, defaultFeatureSet } from './features-service'
import { FEATURE_METHODS } from '../engine/features'
import { readFeaturePixels } from '../engine/io/feature-pixels'
import { noiseImage, writeBytes } from '../test-support/fixtures'
import type { FeaturesRequest, JobOf } from '../../shared/contract'

let dir: string
let root: string
const libs: Library[] = []

function openLib(name: string, importFeatures = true): Library {
  const lib = new Library(join(dir, name, 'library.sqlite'), { workers: 2, importFeatures })
  libs.push(lib)
  return lib
}

async function importRoot(lib: Library): Promise<number> {
  const job = await launchImport(lib, createImportJob(lib, root, false))
  expect(job.state).toBe('done')
  return job.datasetId!
}

function features(lib: Library, req: FeaturesRequest): Promise<JobOf<'features'>> {
  return launchFeatures(lib, createFeaturesJob(lib, lib.datasets.get(req.datasetId)!, checkFeaturesRequest(lib.datasets.get(req.datasetId)!, req, lib)))
}

const pixelOptions = { sourceSize: 256, limitInputPixels: 1e8, maxFileBytes: 1e9 }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-features-'))
  root = join(dir, 'pictures')
  for (let i = 0; i < 5; i++) writeBytes(join(root, 'small', `s-${i}.png`), await noiseImage(40, 30, 10 + i).png().toBuffer())
  // Larger than a thumbnail: shrunk on decode, and the import encodes its thumbnail from the same pixels.
  writeBytes(join(root, 'large', 'photo.jpg'), await noiseImage(600, 400, 20).jpeg().toBuffer())
  // Turned by its EXIF orientation: features see the upright image.
  writeBytes(join(root, 'large', 'turned.jpg'), await noiseImage(300, 200, 21).jpeg().withMetadata({ orientation: 6 }).toBuffer())
  writeFileSync(join(root, 'broken.png'), 'not an image')
})

afterAll(async () => {
  for (const lib of libs) await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('features of an image folder', () => {
  it('fills the default HOG set during the import, its parameters chosen from the image sizes, with the vectors a features job gives', async () => {
    const lib = openLib('import-hog')
    const datasetId = await importRoot(lib)
    const [set] = lib.featureSets.list(datasetId)
    // Typical side: the median of √(w·h) over 5 × 40×30, 600×400 and 300×200 (the text file has
    // no size) is √1200 = 34.6 px; twice that is 69 px, 7 cells of round(69.3 / 7) = 10 px: 70 px.
    const params = { size: 70, cell: 10, block: 3, bins: 9, norm: 'L2-Hys', transformSqrt: false, colour: true }
    expect(set).toMatchObject({ method: 'hog', origin: 'import', dimension: 2026, vectorCount: 7, eligibleCount: 7, complete: true, post: '' })
    expect(set!.params).toEqual(params)
    expect(set!.reason).toMatch(/^Resized to 70 px \(twice the images' typical side of 35 px\) in 7 × 7 cells of 10 px/)
    const m = lib.featureSets.loadMatrix(set!.id)
    const paths = [...m.itemIds].map((id) => lib.items.get(id)!.relPath)
    expect(paths).toEqual(expect.arrayContaining(['large/photo.jpg', 'large/turned.jpg', 'small/s-0.png']))
    for (let r = 0; r < m.rows; r++) {
      const pixels = await readFeaturePixels(join(root, paths[r]!), pixelOptions)
      const expected = FEATURE_METHODS.hog.extract(pixels, FEATURE_METHODS.hog.params(params))
      expect(Array.from(m.data.subarray(r * 2026, (r + 1) * 2026)), paths[r]).toEqual(Array.from(expected))
    }
    // The turned photo is read upright: 200 wide and 300 high after its orientation.
    expect((await readFeaturePixels(join(root, 'large/turned.jpg'), pixelOptions))).toMatchObject({ width: 171, height: 256 })
    // And the default HOG job finds the set complete.
    const job = await features(lib, { datasetId, method: 'hog' })
    expect(job.result).toMatchObject({ reused: true, computed: 0, vectors: 7, featureSetId: set!.id })
  })

  it('computes a new set with other parameters, stores it and reuses it the next time', async () => {
    const lib = openLib('compute', false)
    const datasetId = await importRoot(lib)
    expect(lib.featureSets.list(datasetId)).toEqual([])
    const first = await features(lib, { datasetId, method: 'pixels', params: { size: 8 } })
    expect(first.state).toBe('done')
    expect(first.result).toMatchObject({ reused: false, computed: 7, failed: 0, vectors: 7, dimension: 64 })
    const set = lib.featureSets.get(first.result!.featureSetId)!
    expect(set).toMatchObject({ method: 'pixels', origin: 'computed', complete: true, params: { size: 8, color: 'gray' } })
    expect(set.seconds).toBeGreaterThan(0)
    const m = lib.featureSets.loadMatrix(set.id)
    const photo = [...m.itemIds].findIndex((id) => lib.items.get(id)!.relPath === 'large/photo.jpg')
    const pixels = await readFeaturePixels(join(root, 'large/photo.jpg'), pixelOptions)
    expect(Array.from(m.data.subarray(photo * 64, (photo + 1) * 64))).toEqual(Array.from(FEATURE_METHODS.pixels.extract(pixels, { size: 8, color: 'gray' })))

    const again = await features(lib, { datasetId, method: 'pixels', params: { color: 'gray', size: 8 } })
    expect(again.result).toMatchObject({ reused: true, computed: 0, featureSetId: set.id })
    expect(lib.featureSets.list(datasetId)).toHaveLength(1)
  })

  it('computes only the vectors of new and changed files after a re-import', async () => {
    const lib = openLib('incremental', false)
    const datasetId = await importRoot(lib)
    const first = await features(lib, { datasetId, method: 'color-histogram' })
    expect(first.result?.computed).toBe(7)
    const extra = join(root, 'small', 's-new.png')
    writeBytes(extra, await noiseImage(20, 20, 99).png().toBuffer())
    try {
      await importRoot(lib)
      const set = lib.featureSets.get(first.result!.featureSetId)!
      expect(set).toMatchObject({ vectorCount: 7, eligibleCount: 8, complete: false })
      const second = await features(lib, { datasetId, method: 'color-histogram' })
      expect(second.result).toMatchObject({ reused: false, computed: 1, vectors: 8 })
    } finally {
      rmSync(extra)
    }
  })

  it('refuses what a dataset of images cannot give, saying what to do', async () => {
    const lib = openLib('errors', false)
    const datasetId = await importRoot(lib)
    const d = lib.datasets.get(datasetId)!
    expect(() => checkFeaturesRequest(d, { datasetId, method: 'sift' })).toThrow(/Unknown feature method 'sift'/)
    expect(() => checkFeaturesRequest(d, { datasetId, method: 'hog', params: { cell: 0 } })).toThrow(/'cell' must be a whole number/)
    expect(() => checkFeaturesRequest(d, { datasetId, method: 'imported' })).toThrow(/only for datasets imported from a vector file/)
    expect(() => checkFeaturesRequest(d, { datasetId, method: 'hog', post: 'whiten' })).toThrow(/whiten/)
  })
})

describe('post-processed feature sets', () => {
  it('derives a set from the base set and reuses both', async () => {
    const lib = openLib('post', false)
    const datasetId = await importRoot(lib)
    const job = await features(lib, { datasetId, method: 'pixels', params: { size: 4 }, post: 'l2' })
    expect(job.state).toBe('done')
    const sets = lib.featureSets.list(datasetId)
    expect(sets.map((s) => s.post)).toEqual(['', 'l2'])
    const base = lib.featureSets.loadMatrix(sets[0]!.id)
    const derived = lib.featureSets.loadMatrix(sets[1]!.id)
    expect(Array.from(derived.itemIds)).toEqual(Array.from(base.itemIds))
    for (let r = 0; r < base.rows; r++) {
      const row = base.data.subarray(r * 16, (r + 1) * 16)
      const norm = Math.hypot(...row)
      derived.data.subarray(r * 16, (r + 1) * 16).forEach((v, c) => expect(v).toBeCloseTo(row[c]! / norm, 6))
    }
    const again = await features(lib, { datasetId, method: 'pixels', params: { size: 4 }, post: 'l2' })
    expect(again.result).toMatchObject({ reused: true, featureSetId: sets[1]!.id })
  })
})

describe('a decoder that cannot read a file', () => {
  it('counts the file as failed and keeps the others', async () => {
    const lib = openLib('vanished', false)
    const datasetId = await importRoot(lib)
    const victim = join(root, 'small', 's-4.png')
    const bytes = await sharp(await noiseImage(40, 30, 14).png().toBuffer()).png().toBuffer()
    rmSync(victim)
    try {
      const job = await features(lib, { datasetId, method: 'block-signature' })
      expect(job.result).toMatchObject({ computed: 6, failed: 1, vectors: 6 })
      expect(lib.featureSets.get(job.result!.featureSetId)).toMatchObject({ failedCount: 1, complete: true, failedReason: expect.stringMatching(/no such file/i) })
    } finally {
      writeFileSync(victim, bytes)
    }
  })
})

describe('the default feature set of a run', () => {
  type S = { id: number; origin: 'import' | 'computed' | 'file'; post: string; complete: boolean; method: string }
  const set = (id: number, method: string, origin: S['origin'], complete = true, post = ''): S => ({ id, method, origin, complete, post })

  it('is the import set for images, else the oldest complete HOG set, never an image file’s own pixels', () => {
    expect(defaultFeatureSet([set(1, 'pixels', 'computed'), set(2, 'hog', 'import'), set(3, 'hog', 'computed')], 'images')?.id).toBe(2)
    expect(defaultFeatureSet([set(1, 'hog', 'import', false), set(2, 'hog', 'computed', true, 'l2'), set(3, 'hog', 'computed')], 'images')?.id).toBe(3)
    expect(defaultFeatureSet([set(1, 'pixels', 'file')], 'images')).toBeNull()
  })

  it('is the vectors a file brought for a vector dataset', () => {
    expect(defaultFeatureSet([set(1, 'imported', 'computed', true, 'zscore'), set(2, 'imported', 'file')], 'vectors')?.id).toBe(2)
    expect(defaultFeatureSet([], 'vectors')).toBeNull()
  })
})
