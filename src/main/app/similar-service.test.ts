import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, copyFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { Library } from './library'
import { createImportJob } from './import-service'
import { launchImport } from './services'
import { buildSimilarIndex, findSimilar } from './similar-service'
import { ARG_SCHEMAS } from './schemas'
import { writeBytes } from '../test-support/fixtures'

let dir: string
let lib: Library
let datasetId: number
let otherDatasetId: number
const SIDE = 32
const PER_GROUP = 30

/** A grey square with a bright bar and a dot, placed and noised by the seed: every image differs. */
async function png(horizontal: boolean, seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(SIDE * SIDE)
  let s = seed * 2654435761
  const next = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32)
  const at = 3 + (seed % (SIDE - 6))
  const dot = [2 + Math.floor(next() * (SIDE - 4)), 2 + Math.floor(next() * (SIDE - 4))]
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const bar = (horizontal ? y : x) === at
      const spot = Math.abs(x - dot[0]!) + Math.abs(y - dot[1]!) < 3
      pixels[y * SIDE + x] = (bar ? 220 : spot ? 160 : 30) + Math.floor(next() * 30)
    }
  }
  return sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 1 } }).png().toBuffer()
}

async function importFolder(root: string): Promise<number> {
  const job = await launchImport(lib, createImportJob(lib, root, false))
  expect(job.state, job.error?.message).toBe('done')
  return job.datasetId!
}

const itemIdOf = (relPath: string): number =>
  (lib.db.prepare('SELECT id FROM items WHERE dataset_id = ? AND rel_path = ?').get(datasetId, relPath) as { id: number }).id

/** Every other item of the set ranked by Euclidean distance to the item's stored vector, computed here. */
function bruteForce(itemId: number, setId: number, k: number): { itemId: number; distance: number }[] {
  const m = lib.featureSets.loadMatrix(setId)
  const q = m.itemIds.indexOf(itemId)
  const ranked = []
  for (let r = 0; r < m.rows; r++) {
    if (r === q) continue
    let sum = 0
    for (let c = 0; c < m.cols; c++) sum += (m.data[r * m.cols + c]! - m.data[q * m.cols + c]!) ** 2
    ranked.push({ itemId: m.itemIds[r]!, distance: Math.sqrt(sum) })
  }
  ranked.sort((a, b) => a.distance - b.distance)
  return ranked.slice(0, k)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-similar-'))
  for (let i = 0; i < PER_GROUP; i++) {
    writeBytes(join(dir, 'bars', 'horizontal', `h-${String(i).padStart(2, '0')}.png`), await png(true, i))
    writeBytes(join(dir, 'bars', 'vertical', `v-${String(i).padStart(2, '0')}.png`), await png(false, i + 100))
  }
  writeBytes(join(dir, 'other', 'o-1.png'), await png(true, 500))
  writeBytes(join(dir, 'other', 'o-2.png'), await png(false, 501))
  lib = new Library(join(dir, 'lib', 'library.sqlite'), { workers: 1 })
  datasetId = await importFolder(join(dir, 'bars'))
  otherDatasetId = await importFolder(join(dir, 'other'))
}, 120_000)

afterAll(async () => {
  await lib?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('find similar', () => {
  it("gives an item's nearest items by exact search, the item itself left out, as a brute-force ranking does", async () => {
    const item = itemIdOf('horizontal/h-04.png')
    const result = await findSimilar(lib, { datasetId, itemId: item, k: 8 })
    expect(result.index.kind).toBe('exact')
    expect(result.index.reason).toMatch(/under 20,000/)
    const expected = bruteForce(item, result.featureSetId, 8)
    expect(result.neighbours.map((n) => n.itemId)).not.toContain(item)
    expect(result.neighbours.map((n) => n.itemId)).toEqual(expected.map((e) => e.itemId))
    result.neighbours.forEach((n, i) => expect(n.distance).toBeCloseTo(expected[i]!.distance, 4))
    expect(result.neighbours[0]!.path).toMatch(/^(horizontal|vertical)\/[hv]-\d\d\.png$/)
  })

  it("finds an item first, at distance about 0, from an outside copy of its file", async () => {
    const outside = join(dir, 'outside')
    mkdirSync(outside, { recursive: true })
    const copy = join(outside, 'copy.png')
    copyFileSync(join(dir, 'bars', 'vertical', 'v-11.png'), copy)
    const result = await findSimilar(lib, { datasetId, path: copy, k: 5 })
    expect(result.neighbours).toHaveLength(5)
    expect(result.neighbours[0]!.itemId).toBe(itemIdOf('vertical/v-11.png'))
    expect(result.neighbours[0]!.distance).toBeLessThan(1e-4)
    expect(result.neighbours[1]!.distance).toBeGreaterThan(1e-3)
  })

  it.each(['e2lsh', 'simhash'] as const)('answers with %s at recall@10 of at least 0.8 against exact search', async (kind) => {
    const report = await buildSimilarIndex(lib, { datasetId, kind, targetRecall: 0.95 })
    expect(report.kind).toBe(kind)
    expect(report.rows).toBe(2 * PER_GROUP)
    expect(report.k).toBe(10)
    expect(report.recallAtK).toBeGreaterThanOrEqual(0.8)
    expect(report.approxFactor).toBeGreaterThanOrEqual(1)
    // Measured here too, independently of the tuning's own figures.
    let hits = 0
    const items = lib.featureSets.loadMatrix(report.featureSetId).itemIds
    for (const item of items) {
      const approx = await findSimilar(lib, { datasetId, itemId: item, k: 10, index: kind })
      expect(approx.index.kind).toBe(kind)
      expect(approx.index.recallAtK).toBe(report.recallAtK)
      const kth = bruteForce(item, report.featureSetId, 10)[9]!.distance
      hits += approx.neighbours.filter((n) => n.itemId !== item && n.distance <= kth + 1e-6).length
    }
    expect(hits / (items.length * 10)).toBeGreaterThanOrEqual(0.8)
  }, 60_000)

  it('refuses bad queries with errors that say what to do', async () => {
    const otherItem = (lib.db.prepare('SELECT id FROM items WHERE dataset_id = ?').get(otherDatasetId) as { id: number }).id
    await expect(findSimilar(lib, { datasetId, itemId: 999_999 })).rejects.toThrow('There is no item 999999.')
    await expect(findSimilar(lib, { datasetId, itemId: otherItem })).rejects.toThrow(`belongs to dataset ${otherDatasetId}, not ${datasetId}`)
    await expect(findSimilar(lib, { datasetId, itemId: itemIdOf('horizontal/h-01.png'), k: 0 })).rejects.toThrow('k must be a whole number from 1 to 200, not 0.')
    await expect(findSimilar(lib, { datasetId, itemId: itemIdOf('horizontal/h-01.png'), k: 201 })).rejects.toThrow('not 201')
    await expect(findSimilar(lib, { datasetId, path: join(dir, 'bars') })).rejects.toThrow('is a folder')
    await expect(findSimilar(lib, { datasetId, path: join(dir, 'nothing.png') })).rejects.toThrow('There is no file')
    await expect(findSimilar(lib, { datasetId, path: 'bars/h-01.png' })).rejects.toThrow("Give the image's full path")
    await expect(findSimilar(lib, { datasetId: 4242, itemId: otherItem })).rejects.toThrow('There is no dataset 4242')
    await expect(findSimilar(lib, { datasetId, itemId: itemIdOf('horizontal/h-01.png'), featureSetId: 4242 })).rejects.toThrow('has no feature set 4242')
    await expect(findSimilar(lib, { datasetId })).rejects.toThrow('Give one query')
  })

  // Last: it changes the set the other tests search.
  it('builds the index again when the set loses a vector, so a removed item is no longer found', async () => {
    const query = itemIdOf('horizontal/h-02.png')
    const before = await findSimilar(lib, { datasetId, itemId: query, k: 3 })
    const gone = before.neighbours[0]!.itemId
    lib.featureSets.deleteVectors(before.featureSetId, [gone])
    // An incomplete set is no one's default any more: it is named.
    await expect(findSimilar(lib, { datasetId, itemId: query })).rejects.toThrow('has no complete feature set to search')
    const after = await findSimilar(lib, { datasetId, itemId: query, k: 3, featureSetId: before.featureSetId })
    expect(after.neighbours.map((n) => n.itemId)).not.toContain(gone)
    expect(after.neighbours[0]!.itemId).toBe(before.neighbours[1]!.itemId)
    await expect(findSimilar(lib, { datasetId, itemId: gone, featureSetId: before.featureSetId })).rejects.toThrow(`Item ${gone} has no vector in feature set ${before.featureSetId}`)
  })

  it('checks the renderer argument before the service sees it', () => {
    const schema = ARG_SCHEMAS['similar:find']
    expect(schema.safeParse({ datasetId, itemId: 1 }).success).toBe(true)
    expect(schema.safeParse({ datasetId, itemId: 1, path: '/a.png' }).success).toBe(false)
    expect(schema.safeParse({ datasetId, itemId: 1, k: 1000 }).success).toBe(false)
    expect(schema.safeParse({ datasetId, itemId: 1, index: 'annoy' }).success).toBe(false)
    expect(schema.safeParse({ datasetId, itemId: 1, extra: true }).success).toBe(false)
    expect(ARG_SCHEMAS['similar:index'].safeParse({ datasetId, kind: 'exact' }).success).toBe(false)
    expect(ARG_SCHEMAS['similar:index'].safeParse({ datasetId, kind: 'hnsw', targetRecall: 1.5 }).success).toBe(false)
  })
})
