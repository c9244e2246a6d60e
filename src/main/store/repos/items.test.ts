import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLibrary } from '../connection'
import { DatasetsRepo } from './datasets'
import { ItemsRepo, type ItemRecord } from './items'

const HASH_A = 'a'.repeat(64)
const HASH_B = 'b'.repeat(64)

function record(relPath: string, patch: Partial<ItemRecord> = {}): ItemRecord {
  const slash = relPath.lastIndexOf('/')
  return {
    relPath,
    group: slash < 0 ? '' : relPath.slice(0, slash),
    size: 100,
    mtimeMs: 1_700_000_000_000,
    hash: null,
    format: 'png',
    width: 8,
    height: 6,
    status: 'ok',
    reason: null,
    ...patch
  }
}

let db: Database
let items: ItemsRepo
let datasetId: number

beforeEach(() => {
  db = openLibrary(':memory:')
  items = new ItemsRepo(db)
  datasetId = new DatasetsRepo(db).ensure('/data/set', 'set')
})

afterEach(() => {
  db.close()
})

const idOf = (relPath: string): number => {
  const found = items.known(datasetId).get(relPath)
  if (!found) throw new Error(`no item ${relPath}`)
  return found.id
}

describe('ItemsRepo.saveBatch', () => {
  it('stores every field of a record', () => {
    items.saveBatch(datasetId, [record('cats/a.png', { hash: HASH_A, size: 123, width: 40, height: 30, format: 'png' })])
    const detail = items.get(idOf('cats/a.png'))
    expect(detail).toEqual({
      id: idOf('cats/a.png'),
      datasetId,
      relPath: 'cats/a.png',
      group: 'cats',
      status: 'ok',
      reason: null,
      size: 123,
      hash: HASH_A,
      format: 'png',
      width: 40,
      height: 30,
      duplicateOf: null
    })
  })

  it('updates an existing path in place instead of adding a second row', () => {
    items.saveBatch(datasetId, [record('a.png', { hash: HASH_A, size: 1, mtimeMs: 10 })])
    const id = idOf('a.png')
    items.saveBatch(datasetId, [
      record('a.png', { hash: HASH_B, size: 2, mtimeMs: 20, status: 'partial', reason: 'Truncated; decoded leniently.', width: 3 })
    ])
    expect(items.count(datasetId)).toBe(1)
    expect(items.get(id)).toMatchObject({ id, hash: HASH_B, size: 2, status: 'partial', reason: 'Truncated; decoded leniently.', width: 3 })
    expect(items.known(datasetId).get('a.png')).toEqual({ id, size: 2, mtimeMs: 20, status: 'partial' })
  })

  it('marks a second file with the same content as a duplicate of the first', () => {
    const { duplicates } = items.saveBatch(datasetId, [
      record('a.png', { hash: HASH_A }),
      record('b.png', { hash: HASH_B }),
      record('sub/a-copy.png', { hash: HASH_A }),
      record('sub/a-copy-2.png', { hash: HASH_A })
    ])
    expect(duplicates).toBe(2)
    const first = idOf('a.png')
    expect(items.get(first)?.duplicateOf).toBeNull()
    expect(items.get(idOf('b.png'))?.duplicateOf).toBeNull()
    // Every copy points to the first one, not to the copy before it.
    expect(items.get(idOf('sub/a-copy.png'))?.duplicateOf).toBe(first)
    expect(items.get(idOf('sub/a-copy-2.png'))?.duplicateOf).toBe(first)
  })

  it('finds the first copy across batches', () => {
    items.saveBatch(datasetId, [record('a.png', { hash: HASH_A })])
    expect(items.saveBatch(datasetId, [record('z.png', { hash: HASH_A })]).duplicates).toBe(1)
    expect(items.get(idOf('z.png'))?.duplicateOf).toBe(idOf('a.png'))
  })

  it('does not make the first copy a duplicate of its own copy when it is saved again', () => {
    items.saveBatch(datasetId, [record('a.png', { hash: HASH_A }), record('b.png', { hash: HASH_A })])
    const first = idOf('a.png')
    const copy = idOf('b.png')
    expect(items.get(copy)?.duplicateOf).toBe(first)

    // A re-import that looks at a.png again (its mtime changed, its content did not).
    const { duplicates } = items.saveBatch(datasetId, [record('a.png', { hash: HASH_A, mtimeMs: 2_000_000_000_000 })])
    expect(duplicates).toBe(0)
    expect(items.get(first)?.duplicateOf).toBeNull()
    expect(items.get(copy)?.duplicateOf).toBe(first)
  })

  it('does not leave a copy pointing to a first file whose content has changed', () => {
    items.saveBatch(datasetId, [record('a.png', { hash: HASH_A }), record('b.png', { hash: HASH_A })])
    items.saveBatch(datasetId, [record('a.png', { hash: HASH_B, mtimeMs: 2_000_000_000_000 })])
    // b.png and a.png no longer have the same content.
    expect(items.get(idOf('b.png'))?.duplicateOf).toBeNull()
    expect(items.get(idOf('a.png'))?.duplicateOf).toBeNull()
  })

  it('never counts an unreadable file as a duplicate, nor as the first copy', () => {
    const { duplicates } = items.saveBatch(datasetId, [
      record('bad-1.png', { hash: HASH_A, status: 'error', reason: 'Not an image.', format: null, width: null, height: null }),
      record('bad-2.png', { hash: HASH_A, status: 'error', reason: 'Not an image.', format: null, width: null, height: null }),
      record('good.png', { hash: HASH_A })
    ])
    expect(duplicates).toBe(0)
    expect(items.get(idOf('bad-1.png'))?.duplicateOf).toBeNull()
    expect(items.get(idOf('bad-2.png'))?.duplicateOf).toBeNull()
    expect(items.get(idOf('good.png'))?.duplicateOf).toBeNull()
  })

  it('treats a partly readable file as a possible first copy', () => {
    items.saveBatch(datasetId, [record('a.png', { hash: HASH_A, status: 'partial', reason: 'lenient' }), record('b.png', { hash: HASH_A })])
    expect(items.get(idOf('b.png'))?.duplicateOf).toBe(idOf('a.png'))
  })

  it('does not look for duplicates in another dataset', () => {
    const other = new DatasetsRepo(db).ensure('/data/other', 'other')
    items.saveBatch(other, [record('a.png', { hash: HASH_A })])
    expect(items.saveBatch(datasetId, [record('a.png', { hash: HASH_A })]).duplicates).toBe(0)
    expect(items.get(idOf('a.png'))?.duplicateOf).toBeNull()
  })

  it('writes nothing of a batch that fails part-way', () => {
    items.saveBatch(datasetId, [record('keep.png')])
    const bad = { ...record('broken.png'), status: 'nonsense' } as unknown as ItemRecord
    expect(() => items.saveBatch(datasetId, [record('new.png'), bad])).toThrow(/CHECK constraint/)
    expect([...items.known(datasetId).keys()]).toEqual(['keep.png'])
  })
})

describe('ItemsRepo.removeOrMarkMissing', () => {
  it('removes unreadable items and marks read ones missing', () => {
    items.saveBatch(datasetId, [
      record('ok.png', { hash: HASH_A }),
      record('partial.png', { hash: HASH_B, status: 'partial', reason: 'lenient' }),
      record('error.png', { status: 'error', reason: 'Not an image.' }),
      record('stays.png')
    ])
    items.removeOrMarkMissing(datasetId, ['ok.png', 'partial.png', 'error.png', 'never-existed.png'])
    const known = items.known(datasetId)
    expect([...known.keys()].sort()).toEqual(['ok.png', 'partial.png', 'stays.png'])
    expect(known.get('ok.png')?.status).toBe('missing')
    expect(known.get('partial.png')?.status).toBe('missing')
    expect(known.get('stays.png')?.status).toBe('ok')
    const detail = items.get(known.get('ok.png')!.id)
    expect(detail?.reason).toMatch(/not in the folder/)
    // What was learnt about the file is kept.
    expect(detail?.hash).toBe(HASH_A)
  })

  it('touches only the given dataset', () => {
    const other = new DatasetsRepo(db).ensure('/data/other', 'other')
    items.saveBatch(datasetId, [record('a.png'), record('e.png', { status: 'error', reason: 'x' })])
    items.saveBatch(other, [record('a.png'), record('e.png', { status: 'error', reason: 'x' })])
    items.removeOrMarkMissing(datasetId, ['a.png', 'e.png'])
    expect(items.count(other)).toBe(2)
    expect(items.known(other).get('a.png')?.status).toBe('ok')
  })
})

describe('ItemsRepo.list', () => {
  it('lists sorted groups and items sorted by group then path, with names without their folder', () => {
    items.saveBatch(datasetId, [
      record('zebra/b.png'),
      record('top.png'),
      record('apple/z.png'),
      record('zebra/a.png'),
      record('apple/deep/x.png', { group: 'apple/deep' }),
      record('apple/a.png'),
      record('a-root.png')
    ])
    const list = items.list(datasetId)
    expect(list.datasetId).toBe(datasetId)
    expect(list.groups).toEqual(['', 'apple', 'apple/deep', 'zebra'])
    expect(list.items.map((i) => [list.groups[i.group], i.name])).toEqual([
      ['', 'a-root.png'],
      ['', 'top.png'],
      ['apple', 'a.png'],
      ['apple', 'z.png'],
      ['apple/deep', 'x.png'],
      ['zebra', 'a.png'],
      ['zebra', 'b.png']
    ])
    expect(list.items.map((i) => i.id)).toEqual(
      ['a-root.png', 'top.png', 'apple/a.png', 'apple/z.png', 'apple/deep/x.png', 'zebra/a.png', 'zebra/b.png'].map(idOf)
    )
  })

  it('carries status, reason and duplicate link of each item', () => {
    items.saveBatch(datasetId, [
      record('a.png', { hash: HASH_A }),
      record('b.png', { hash: HASH_A }),
      record('c.png', { status: 'error', reason: 'Not an image.' })
    ])
    expect(items.list(datasetId).items).toEqual([
      { id: idOf('a.png'), name: 'a.png', group: 0, status: 'ok', reason: null, duplicateOf: null },
      { id: idOf('b.png'), name: 'b.png', group: 0, status: 'ok', reason: null, duplicateOf: idOf('a.png') },
      { id: idOf('c.png'), name: 'c.png', group: 0, status: 'error', reason: 'Not an image.', duplicateOf: null }
    ])
  })

  it('is empty for a dataset without items', () => {
    expect(items.list(datasetId)).toEqual({ datasetId, groups: [], items: [] })
  })
})

describe('ItemsRepo.thumbnailHash', () => {
  it('gives the hash of readable items only', () => {
    items.saveBatch(datasetId, [
      record('ok.png', { hash: HASH_A }),
      record('partial.png', { hash: HASH_B, status: 'partial', reason: 'lenient' }),
      record('error.png', { hash: HASH_A, status: 'error', reason: 'x' }),
      record('nohash.png')
    ])
    expect(items.thumbnailHash(idOf('ok.png'))).toBe(HASH_A)
    expect(items.thumbnailHash(idOf('partial.png'))).toBe(HASH_B)
    expect(items.thumbnailHash(idOf('error.png'))).toBeUndefined()
    expect(items.thumbnailHash(idOf('nohash.png'))).toBeUndefined()
    expect(items.thumbnailHash(9999)).toBeUndefined()
    items.removeOrMarkMissing(datasetId, ['ok.png'])
    expect(items.thumbnailHash(idOf('ok.png'))).toBeUndefined()
  })

  it('get is undefined for an unknown id', () => {
    expect(items.get(424242)).toBeUndefined()
  })
})
