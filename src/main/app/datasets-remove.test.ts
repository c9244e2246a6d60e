import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Registry } from './handlers'
import { Library } from './library'
import { createHandlers, launchImport } from './services'
import { createImportJob } from './import-service'
import { thumbnailPath } from '../engine/io/decode'
import { previewPath } from './previews'
import { noiseImage, pngClaimingSize, writeBytes } from '../test-support/fixtures'
import type { AppInfo, JobKind, JobOf } from '../../shared/contract'

let dir: string
let lib: Library
let registry: Registry
/** Two folders that share one image (same bytes, so one thumbnail), each with images of its own. */
let shared: string
let other: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-remove-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
  registry = new Registry(createHandlers(lib, { transport: 'ws', version: 'test' }), { warn: () => {} })
  shared = join(dir, 'shared')
  other = join(dir, 'other')
  for (let i = 0; i < 3; i++) writeBytes(join(shared, 'g', `own-${i}.png`), await noiseImage(300, 200, 10 + i).png().toBuffer())
  writeBytes(join(shared, 'both.png'), await noiseImage(300, 200, 99).png().toBuffer())
  writeBytes(join(other, 'mine.png'), await noiseImage(300, 200, 50).png().toBuffer())
  copyFileSync(join(shared, 'both.png'), join(other, 'both.png'))
})
afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

async function importFolder(root: string, maxMegapixels?: number): Promise<JobOf<'import'>> {
  return launchImport(lib, createImportJob(lib, root, false, maxMegapixels))
}

function count(table: string, datasetId: number): number {
  return lib.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE dataset_id = ?`).pluck().get(datasetId) as number
}

function hashesOf(datasetId: number): string[] {
  return lib.db.prepare('SELECT hash FROM items WHERE dataset_id = ? AND hash IS NOT NULL').pluck().all(datasetId) as string[]
}

/** A job of `kind` on the dataset that runs until `release` is called. */
function holdJob(kind: JobKind, datasetId: number, title: string): { release: () => void; done: Promise<unknown> } {
  let release = (): void => {}
  const gate = new Promise<void>((res) => (release = res))
  const job = lib.jobs.create(kind, title, datasetId, {})
  const done = lib.runner.start(job, async () => (await gate, null))
  return { release, done }
}

describe('datasets:remove', () => {
  it('answers an unknown id with the not-found error the other channels use', async () => {
    const reply = await registry.invoke('datasets:remove', { id: 987 })
    expect(reply).toEqual({ ok: false, error: { kind: 'not-found', message: 'There is no dataset 987; it may have been removed.' } })
  })

  it.each([
    ['features', 'A feature computation', 'HOG of shared'],
    ['cluster', 'A clustering run', 'Clustering of shared'],
    ['import', 'An import', 'Import of shared']
  ] as const)('names the %s job that blocks the removal and asks to cancel it', async (kind, words, title) => {
    const first = await importFolder(shared)
    const id = first.datasetId!
    const held = holdJob(kind, id, title)
    try {
      const reply = await registry.invoke('datasets:remove', { id })
      expect(reply.ok).toBe(false)
      const message = !reply.ok ? reply.error.message : ''
      expect(message).toContain(words)
      expect(message).toContain(`"${title}"`)
      expect(message).toMatch(/cancel it/)
      expect(lib.datasets.get(id)).toBeDefined()
    } finally {
      held.release()
      await held.done
    }
  })

  it('removes every record of the dataset in one go, and only the thumbnails no other dataset shows', async () => {
    const a = (await importFolder(shared)).datasetId!
    const b = (await importFolder(other)).datasetId!
    lib.db
      .prepare(
        `INSERT INTO runs (dataset_id, feature_label, settings, n, n_clusters, noise_fraction, metrics, chosen, timings, notes, item_ids, layout, labels)
         VALUES (?, 'HOG', '{}', 0, 0, 0, '{}', '{}', '{}', '', x'', x'', x'')`
      )
      .run(a)
    lib.db.prepare("INSERT INTO stage_cache (key, dataset_id, value) VALUES ('k-a', ?, x'00')").run(a)
    // A model trained on each dataset, with its folder under the library's models folder.
    for (const [id, ds] of [[41, a], [42, b]] as const) {
      lib.db.prepare("INSERT INTO models (id, dataset_id, kind, label, state, dir) VALUES (?, ?, 'autoencoder', 'AE', 'ready', ?)").run(id, ds, `models/${id}`)
      mkdirSync(join(dir, 'models', String(id)), { recursive: true })
      writeFileSync(join(dir, 'models', String(id), 'model.json'), '{}')
    }
    const ownHashes = hashesOf(a).filter((h) => !hashesOf(b).includes(h))
    const sharedHashes = hashesOf(a).filter((h) => hashesOf(b).includes(h))
    expect(ownHashes).toHaveLength(3)
    expect(sharedHashes).toHaveLength(1)
    for (const h of [...ownHashes, ...sharedHashes]) expect(existsSync(thumbnailPath(lib.thumbnailDir, h))).toBe(true)
    // Large previews, as the viewer leaves them beside the thumbnails.
    for (const h of [...ownHashes, ...sharedHashes]) writeFileSync(previewPath(lib.thumbnailDir, h), 'preview')
    for (const table of ['items', 'feature_sets', 'runs', 'stage_cache', 'jobs']) expect(count(table, a), table).toBeGreaterThan(0)
    const vectorsBefore = lib.db.prepare('SELECT COUNT(*) FROM feature_vectors').pluck().get() as number

    const reply = await registry.invoke('datasets:remove', { id: a })
    expect(reply).toEqual({ ok: true, value: { removed: true } })

    expect(lib.datasets.get(a)).toBeUndefined()
    for (const table of ['items', 'feature_sets', 'runs', 'stage_cache', 'jobs']) expect(count(table, a), table).toBe(0)
    // The vectors of the removed dataset went with it; the other dataset's stayed.
    const vectorsAfter = lib.db.prepare('SELECT COUNT(*) FROM feature_vectors').pluck().get() as number
    expect(vectorsAfter).toBe(2)
    expect(vectorsBefore).toBe(6)
    for (const h of ownHashes) expect(existsSync(thumbnailPath(lib.thumbnailDir, h))).toBe(false)
    expect(existsSync(thumbnailPath(lib.thumbnailDir, sharedHashes[0]!))).toBe(true)
    for (const h of ownHashes) expect(existsSync(previewPath(lib.thumbnailDir, h))).toBe(false)
    expect(existsSync(previewPath(lib.thumbnailDir, sharedHashes[0]!))).toBe(true)
    // The removed dataset's model went, row and folder; the other's stayed.
    expect(count('models', a)).toBe(0)
    expect(existsSync(join(dir, 'models', '41'))).toBe(false)
    expect(existsSync(join(dir, 'models', '42', 'model.json'))).toBe(true)
    // The user's images are where they were.
    expect(readdirSync(join(shared, 'g')).sort()).toEqual(['own-0.png', 'own-1.png', 'own-2.png'])
    expect(existsSync(join(shared, 'both.png'))).toBe(true)
    // The other dataset is whole.
    expect(lib.datasets.get(b)).toMatchObject({ itemCount: 2, okCount: 2 })
    lib.datasets.remove(b)
  })
})

describe('the pixel limit of an import', () => {
  it('refuses an image over the limit with a reason naming the limit and where to raise it; a higher limit imports it', async () => {
    const root = join(dir, 'large')
    writeBytes(join(root, 'scan.png'), pngClaimingSize(3000, 2000))
    writeBytes(join(root, 'small.png'), await noiseImage(40, 30, 1).png().toBuffer())
    const low = await importFolder(root, 5)
    const item = lib.items.list(low.datasetId!).items.find((i) => i.name === 'scan.png')!
    expect(item.status).toBe('error')
    expect(item.reason).toContain('3000 × 2000 pixels exceeds the limit of 5,000,000 pixels')
    expect(item.reason).toContain('"Largest image" in the import panel')

    // Under the same limit, nothing is read again; unchanged on disk, the refused file is looked at
    // again under a limit that lets it in.
    expect((await importFolder(root, 5)).result).toMatchObject({ processed: 0, unchanged: 2 })
    const high = await importFolder(root, 10)
    expect(high.result).toMatchObject({ processed: 1, unchanged: 1 })
    const again = lib.items.list(high.datasetId!).items.find((i) => i.name === 'scan.png')!
    expect(again.reason ?? '').not.toContain('exceeds the limit')
  })

  it.each([[0], [-1], [20_000], [Number.NaN]])('is checked on the main side: %s megapixels is refused', async (maxMegapixels) => {
    const reply = await registry.invoke('import:start', { paths: [join(dir, 'large')], maxMegapixels })
    expect(reply.ok).toBe(false)
    expect(!reply.ok && reply.error).toMatchObject({ kind: 'invalid-argument', message: expect.stringMatching(/maxMegapixels: /) })
  })

  it('passes a limit in range on to the import', async () => {
    const missing = join(dir, 'no-such-folder')
    const reply = await registry.invoke('import:start', { paths: [missing], maxMegapixels: 50 })
    expect(!reply.ok && reply.error.kind).toBe('invalid-input')
  })

  it('tells the renderer the default limit in megapixels', async () => {
    const reply = await registry.invoke('app:info', {})
    expect(reply.ok && (reply.value as AppInfo).defaultMaxMegapixels).toBeCloseTo(268.402689, 6)
  })
})
