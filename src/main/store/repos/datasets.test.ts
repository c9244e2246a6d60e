import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLibrary } from '../connection'
import { DatasetsRepo } from './datasets'
import { ItemsRepo, type ItemRecord } from './items'
import { JobsRepo } from './jobs'

function record(relPath: string, patch: Partial<ItemRecord> = {}): ItemRecord {
  const slash = relPath.lastIndexOf('/')
  return {
    relPath,
    group: slash < 0 ? '' : relPath.slice(0, slash),
    size: 1,
    mtimeMs: 0,
    hash: null,
    format: 'png',
    width: 1,
    height: 1,
    status: 'ok',
    reason: null,
    ...patch
  }
}

const hash = (c: string): string => c.repeat(64)

let db: Database
let datasets: DatasetsRepo
let items: ItemsRepo

beforeEach(() => {
  db = openLibrary(':memory:')
  datasets = new DatasetsRepo(db)
  items = new ItemsRepo(db)
})

afterEach(() => {
  db.close()
})

describe('DatasetsRepo.ensure', () => {
  it('gives the same id for the same root folder, a new one for another', () => {
    const a = datasets.ensure('/photos/cats', 'cats')
    expect(datasets.ensure('/photos/cats', 'renamed')).toBe(a)
    const b = datasets.ensure('/photos/dogs', 'dogs')
    expect(b).not.toBe(a)
    expect(datasets.list()).toHaveLength(2)
    // The first name stays.
    expect(datasets.findByRoot('/photos/cats')).toEqual({ id: a, name: 'cats' })
    expect(datasets.findByRoot('/photos/birds')).toBeUndefined()
  })
})

describe('DatasetsRepo summaries', () => {
  it('counts items by status, duplicates and groups', () => {
    const id = datasets.ensure('/d', 'd')
    items.saveBatch(id, [
      record('a/1.png', { hash: hash('1') }),
      record('a/2.png', { hash: hash('2') }),
      record('a/copy-of-1.png', { hash: hash('1') }),
      record('b/3.png', { hash: hash('3'), status: 'partial', reason: 'lenient' }),
      record('b/copy-of-3.png', { hash: hash('3') }),
      record('b/bad.png', { hash: hash('1'), status: 'error', reason: 'Not an image.' }),
      record('root.png', { hash: hash('4') }),
      record('c/gone.png', { hash: hash('5') })
    ])
    items.removeOrMarkMissing(id, ['c/gone.png'])

    // By hand: 8 items; ok: a/1, a/2, a/copy-of-1, b/copy-of-3, root = 5; partial: b/3 = 1;
    // error: b/bad = 1; missing: c/gone = 1; duplicates: a/copy-of-1, b/copy-of-3 = 2 (the error
    // item with hash 1 is not one); groups: 'a', 'b', '', 'c' = 4.
    expect(datasets.get(id)).toMatchObject({
      id,
      name: 'd',
      root: '/d',
      itemCount: 8,
      okCount: 5,
      partialCount: 1,
      errorCount: 1,
      missingCount: 1,
      duplicateCount: 2,
      groupCount: 4
    })
  })

  it('counts zero for a dataset without items', () => {
    const id = datasets.ensure('/empty', 'empty')
    expect(datasets.get(id)).toMatchObject({
      itemCount: 0, okCount: 0, partialCount: 0, errorCount: 0, missingCount: 0, duplicateCount: 0, groupCount: 0
    })
  })

  it('keeps the counts of each dataset apart in the list', () => {
    const a = datasets.ensure('/a', 'a')
    const b = datasets.ensure('/b', 'b')
    items.saveBatch(a, [record('1.png'), record('2.png'), record('x/3.png')])
    items.saveBatch(b, [record('1.png', { status: 'error', reason: 'x' })])
    const byId = new Map(datasets.list().map((d) => [d.id, d]))
    expect(byId.get(a)).toMatchObject({ itemCount: 3, okCount: 3, errorCount: 0, groupCount: 2 })
    expect(byId.get(b)).toMatchObject({ itemCount: 1, okCount: 0, errorCount: 1, groupCount: 1 })
  })

  it('is undefined for an unknown id', () => {
    expect(datasets.get(77)).toBeUndefined()
  })

  it('lists the most recently touched dataset first', async () => {
    const first = datasets.ensure('/first', 'first')
    const second = datasets.ensure('/second', 'second')
    // Created in the same millisecond or not, the later one comes first.
    expect(datasets.list().map((d) => d.id)).toEqual([second, first])
    await new Promise((r) => setTimeout(r, 5))
    datasets.touch(first)
    expect(datasets.list().map((d) => d.id)).toEqual([first, second])
    expect(datasets.get(first)!.updatedAt > datasets.get(first)!.createdAt).toBe(true)
  })
})

describe('DatasetsRepo.remove', () => {
  it('removes the dataset with its items, keeps its jobs, and reports whether it existed', () => {
    const id = datasets.ensure('/d', 'd')
    const other = datasets.ensure('/o', 'o')
    items.saveBatch(id, [record('1.png'), record('2.png')])
    items.saveBatch(other, [record('1.png')])
    const job = new JobsRepo(db).create('import', 'Import of d', id, { root: '/d' })

    expect(datasets.remove(id)).toBe(true)
    expect(datasets.get(id)).toBeUndefined()
    expect(items.count(id)).toBe(0)
    expect(items.count(other)).toBe(1)
    expect(new JobsRepo(db).get(job.id)?.datasetId).toBeNull()
    expect(datasets.remove(id)).toBe(false)
  })
})
