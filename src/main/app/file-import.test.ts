import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Library } from './library'
import { createFileImportJob, idxLabelsBeside, type FileImportParams } from './file-import'
import { checkFeaturesRequest, createFeaturesJob } from './features-service'
import { launchFeatures, launchImport } from './services'
import type { JobOf } from '../../shared/contract'
import { thumbnailPath } from '../engine/io/decode'

let dir: string
let lib: Library

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-files-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
})

afterAll(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

function importFile(path: string, options: Omit<FileImportParams, 'root' | 'file'> = {}): Promise<JobOf<'import'>> {
  return launchImport(lib, createFileImportJob(lib, path, options))
}

function idx(type: number, dims: number[], values: number[]): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length)
  header.writeUInt32BE((type << 8) | dims.length, 0)
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i))
  return Buffer.concat([header, Buffer.from(values)])
}

const items = (datasetId: number) => {
  const list = lib.items.list(datasetId)
  return list.items.map((i) => ({ name: i.name, group: list.groups[i.group] }))
}

describe('importing a CSV of vectors', () => {
  it('makes one item per row, the label column the groups, and the numbers an imported feature set', async () => {
    const path = file('points.csv', 'x,y,species\n1,2,cat\n3.5,-4,dog\n5e-1,6,cat\n')
    const job = await importFile(path)
    expect(job.state).toBe('done')
    const d = lib.datasets.get(job.datasetId!)!
    expect(d).toMatchObject({ kind: 'vectors', itemCount: 3, groupCount: 2, source: { type: 'vectors', format: 'csv', labelColumn: 'species' } })
    expect(items(d.id)).toEqual([
      { name: 'row 1', group: 'cat' }, { name: 'row 3', group: 'cat' }, { name: 'row 2', group: 'dog' }
    ])
    const [set] = lib.featureSets.list(d.id)
    expect(set).toMatchObject({ method: 'imported', origin: 'file', dimension: 2, vectorCount: 3, complete: true })
    const m = lib.featureSets.loadMatrix(set!.id)
    expect(Array.from(m.data)).toEqual([1, 2, 3.5, -4, 0.5, 6])

    // Post-processing applies to imported vectors; image methods do not.
    const post = await launchFeatures(lib, createFeaturesJob(lib, d, checkFeaturesRequest(d, { datasetId: d.id, method: 'imported', post: 'minmax' })))
    expect(post.state).toBe('done')
    const scaled = lib.featureSets.loadMatrix(post.result!.featureSetId)
    expect(Array.from(scaled.data)).toEqual([Math.fround(0.5 / 3), Math.fround(0.6), 1, 0, 0, 1])
    expect(() => checkFeaturesRequest(d, { datasetId: d.id, method: 'hog' })).toThrow(/works on images.*Use 'imported'/)
  })

  it('keeps item ids on a re-import and marks rows that are gone as missing', async () => {
    const path = file('again.csv', 'a,b\n1,1\n2,2\n3,3\n')
    const first = await importFile(path)
    const before = lib.items.list(first.datasetId!).items.map((i) => i.id)
    file('again.csv', 'a,b\n1,1\n9,9\n')
    const second = await importFile(path)
    expect(second.datasetId).toBe(first.datasetId)
    const after = lib.items.list(first.datasetId!).items
    expect(after.map((i) => i.id)).toEqual(before)
    expect(after.map((i) => i.status)).toEqual(['ok', 'ok', 'missing'])
    const [set] = lib.featureSets.list(first.datasetId!)
    expect(Array.from(lib.featureSets.loadMatrix(set!.id).data)).toEqual([1, 1, 9, 9])
  })

  it('uses a label column named on request, or none', async () => {
    const path = file('named.tsv', 'id\tv1\tv2\nA\t1\t2\nB\t3\t4\n')
    const job = await importFile(path, { labelColumn: 'id' })
    expect(items(job.datasetId!).map((i) => i.group)).toEqual(['A', 'B'])
    const bad = await importFile(file('bad.csv', 'a,b\n1,x\n'), { labelColumn: null })
    expect(bad.state).toBe('failed')
    expect(bad.error?.message).toMatch(/line 2/)
  })
})

describe('importing JSON vectors', () => {
  it('reads objects with ids, labels and vectors', async () => {
    const path = file('v.json', JSON.stringify([{ id: 'p', label: 'x', vector: [1, 2, 3] }, { id: 'q', label: 'y', vector: [4, 5, 6] }]))
    const job = await importFile(path)
    expect(items(job.datasetId!)).toEqual([{ name: 'p', group: 'x' }, { name: 'q', group: 'y' }])
    const [set] = lib.featureSets.list(job.datasetId!)
    expect(set?.dimension).toBe(3)
  })
})

describe('importing sequences', () => {
  it('stores each FASTA record as an item with its residues; a repeated id keeps both records', async () => {
    const path = file('dna.fa', '>s1 group=A first\nACGT\nAC\n>s2 group=B\nTTTT\n>s1 group=A again\nGG\n')
    const job = await importFile(path)
    const d = lib.datasets.get(job.datasetId!)!
    expect(d).toMatchObject({ kind: 'sequences', itemCount: 3, groupCount: 2, source: { type: 'sequences', format: 'fasta' } })
    const rows = lib.db
      .prepare('SELECT i.rel_path AS name, i.grp AS grp, s.residues FROM items i JOIN sequences s ON s.item_id = i.id WHERE i.dataset_id = ? ORDER BY i.id')
      .all(d.id)
    expect(rows).toEqual([
      { name: 's1', grp: 'A', residues: 'ACGTAC' }, { name: 's2', grp: 'B', residues: 'TTTT' }, { name: 's1 (2)', grp: 'A', residues: 'GG' }
    ])
    expect(() => checkFeaturesRequest(d, { datasetId: d.id, method: 'hog' })).toThrow(/string measures/)
  })
})

describe('importing IDX files', () => {
  it('finds the labels beside an MNIST-style images file and reads gzipped files', async () => {
    const images = file('tiny-images-idx3-ubyte', gzipSync(idx(0x08, [3, 2, 2], [0, 255, 255, 0, 10, 20, 30, 40, 0, 255, 255, 0])))
    file('tiny-labels-idx1-ubyte', idx(0x08, [3], [4, 2, 4]))
    expect(idxLabelsBeside(images)).toBe(join(dir, 'tiny-labels-idx1-ubyte'))
    const job = await importFile(images)
    expect(job.state).toBe('done')
    const d = lib.datasets.get(job.datasetId!)!
    expect(d).toMatchObject({ kind: 'images', itemCount: 3, groupCount: 2, duplicateCount: 1, source: { type: 'idx-images', rows: 2, cols: 2 } })
    expect(items(d.id)).toEqual([{ name: '1', group: '2' }, { name: '0', group: '4' }, { name: '2', group: '4' }])
    // Every digit has a thumbnail.
    for (const i of lib.items.list(d.id).items) expect(lib.items.thumbnailHash(i.id)).toMatch(/^[0-9a-f]{64}$/)
    // The thumbnails show the user's images: readable by the user alone, whatever the umask.
    for (const i of lib.items.list(d.id).items) {
      const thumb = thumbnailPath(lib.thumbnailDir, lib.items.thumbnailHash(i.id)!)
      expect(statSync(thumb).mode & 0o777).toBe(0o600)
      expect(statSync(dirname(thumb)).mode & 0o777).toBe(0o700)
    }
  })

  it('says what is wrong with labels that do not belong to the images', async () => {
    const images = file('odd-images-idx3-ubyte', idx(0x08, [2, 1, 1], [1, 2]))
    const labels = file('other-labels', idx(0x08, [3], [1, 2, 3]))
    const job = await importFile(images, { labels })
    expect(job.state).toBe('failed')
    expect(job.error?.message).toMatch(/3 labels for 2 rows/)
  })

  it('refuses a file that is neither vectors, sequences nor IDX', async () => {
    const job = await importFile(file('picture.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])))
    expect(job.state).toBe('failed')
    expect(job.error?.message).toMatch(/not a file Likeness imports/)
  })
})
