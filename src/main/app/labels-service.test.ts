import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { applyRunEdit } from './edits-service'
import { exportLabels, folderName, importLabels, listLabels } from './labels-service'
import { parseCsv } from './labels-csv'
import { folderDataset, storedRun } from './edits-test-support'

let dir: string
let lib: Library
let datasetId: number
let itemIds: number[]

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-labels-'))
  lib = new Library(join(dir, 'library.sqlite'), { workers: 1 })
  ;({ datasetId, itemIds } = folderDataset(lib, join(dir, 'pets')))
  const runId = storedRun(lib, datasetId, itemIds, [0, 0, 0, 1, 1, 1, 2, 2])
  await applyRunEdit(lib, runId, { kind: 'rename', cluster: 0, name: 'cats, mostly' })
  await applyRunEdit(lib, runId, { kind: 'rename', cluster: 2, name: 'birds' })
})

afterEach(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('label export', () => {
  it('writes CSV rows of file,label,source that a CSV reader reads back', () => {
    const { text, count, fileName, folderFiles } = exportLabels(lib, { datasetId, format: 'csv' })
    expect(count).toBe(5)
    expect(fileName).toBe('pets-labels.csv')
    expect(folderFiles).toBeNull()
    expect(text.split('\n')[0]).toBe('file,label,source')
    expect(parseCsv(text)).toEqual([
      ['file', 'label', 'source'],
      ['birds/a.png', 'birds', 'user'],
      ['birds/b.png', 'birds', 'user'],
      ['cats/a.png', 'cats, mostly', 'user'],
      ['cats/b.png', 'cats, mostly', 'user'],
      ['cats/c.png', 'cats, mostly', 'user']
    ])
  })

  it('writes JSON with the dataset and every label', () => {
    const doc = JSON.parse(exportLabels(lib, { datasetId, format: 'json' }).text) as { dataset: string; labels: { file: string; label: string }[] }
    expect(doc.dataset).toBe('pets')
    expect(doc.labels.map((l) => `${l.file}=${l.label}`)).toEqual(['birds/a.png=birds', 'birds/b.png=birds', 'cats/a.png=cats, mostly', 'cats/b.png=cats, mostly', 'cats/c.png=cats, mostly'])
  })

  it('copies or links the files into one folder per label, and never writes into a folder that holds files', () => {
    const copies = join(dir, 'out-copy')
    expect(exportLabels(lib, { datasetId, format: 'csv', folder: { path: copies, mode: 'copy' } }).folderFiles).toBe(5)
    expect(readdirSync(copies).sort()).toEqual(['birds', 'cats, mostly'])
    expect(readdirSync(join(copies, 'birds')).sort()).toEqual(['a.png', 'b.png'])
    expect(readFileSync(join(copies, 'cats, mostly', 'c.png'), 'utf8')).toBe('pixels of cats/c.png')
    expect(lstatSync(join(copies, 'birds', 'a.png')).isSymbolicLink()).toBe(false)

    const links = join(dir, 'out-link')
    exportLabels(lib, { datasetId, format: 'csv', folder: { path: links, mode: 'link' } })
    expect(lstatSync(join(links, 'birds', 'a.png')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(links, 'birds', 'a.png'), 'utf8')).toBe('pixels of birds/a.png')

    const full = join(dir, 'full')
    mkdirSync(full)
    writeFileSync(join(full, 'keep.txt'), 'mine')
    expect(() => exportLabels(lib, { datasetId, format: 'csv', folder: { path: full, mode: 'copy' } })).toThrow(/not empty/)
    expect(readdirSync(full)).toEqual(['keep.txt'])
  })

  it('numbers files of the same name from different sub-folders instead of overwriting them', () => {
    importLabels(lib, datasetId, csv('file,label\ncats/a.png,a\ndogs/a.png,a\n'))
    const out = join(dir, 'same')
    exportLabels(lib, { datasetId, format: 'csv', folder: { path: out, mode: 'copy' } })
    expect(readdirSync(join(out, 'a')).sort()).toEqual(['a-2.png', 'a.png'])
  })

  it('makes folder names of labels that hold path separators', () => {
    expect(folderName('a/b')).toBe('a_b')
    expect(folderName('..')).toBe('_')
  })
})

function csv(text: string): string {
  const file = join(dir, `labels-${Math.random().toString(36).slice(2)}.csv`)
  writeFileSync(file, text)
  return file
}

describe('label import', () => {
  it('matches rows to items by their path in the dataset and reports the rows it could not match', () => {
    const result = importLabels(lib, datasetId, csv('file,label,source\ndogs/a.png,dog\r\n./dogs/b.png,"dog, big",user\ndogs\\c.png,dog\nmissing/x.png,dog\nbirds/a.png,\n'))
    expect(result).toEqual({ matched: 3, unmatchedCount: 2, unmatched: ['missing/x.png', 'birds/a.png'] })
    const byFile = Object.fromEntries(listLabels(lib, datasetId).labels.map((l) => [l.file, [l.label, l.source]]))
    expect(byFile['dogs/a.png']).toEqual(['dog', 'import'])
    expect(byFile['dogs/b.png']).toEqual(['dog, big', 'user'])
    expect(byFile['dogs/c.png']).toEqual(['dog', 'import'])
    // The row without a label left the edit's label as it was.
    expect(byFile['birds/a.png']).toEqual(['birds', 'user'])
    expect(listLabels(lib, datasetId).counts[0]).toEqual({ label: 'cats, mostly', count: 3 })
  })

  it('reads a file without a header row, and refuses rows without a label column', () => {
    expect(importLabels(lib, datasetId, csv('dogs/a.png,dog\n')).matched).toBe(1)
    expect(() => importLabels(lib, datasetId, csv('dogs/a.png\n'))).toThrow(/without a label/)
    expect(() => importLabels(lib, datasetId, join(dir, 'nope.csv'))).toThrow(/no file/)
  })
})
