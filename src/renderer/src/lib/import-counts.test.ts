import { describe, expect, it } from 'vitest'
import type { DatasetSummary, ImportSummary, ItemList } from '../../../shared/contract'
import { importCounts, importLine, problemsOf } from './import-counts'
import { summaryLine } from './format'

/** A folder of 40 image files, one of them corrupt, as the import reports it and as the header lists it. */
const summary: ImportSummary = {
  datasetId: 1, kind: 'images', found: 40, processed: 40, unchanged: 0, ok: 39, partial: 0, errors: 1,
  duplicates: 0, missing: 0, skipped: [{ path: 'link.png', reason: 'Symbolic link not followed.' }], seconds: 1.25
}
const header: Pick<DatasetSummary, 'itemCount' | 'okCount' | 'partialCount' | 'errorCount'> = {
  itemCount: 40, okCount: 39, partialCount: 0, errorCount: 1
}

describe('import counts', () => {
  it('agree with the dataset header on a folder with one corrupt image', () => {
    const c = importCounts(summary)
    expect(c.files).toBe(header.itemCount)
    expect(c.decoded).toBe(header.okCount + header.partialCount)
    expect(c.unreadable).toBe(header.errorCount)
    expect(importLine(summary)).toBe('40 files · 39 decoded · 1 unreadable · 1 skipped in 1.3 s')
    // The line it replaces said 40 were read while the header counted one of them unreadable.
    expect(summaryLine(summary)).toMatch(/^40 images read/)
  })

  it('counts a re-import against the whole dataset, saying how many files were read this time', () => {
    const again = { ...summary, processed: 1, unchanged: 39, skipped: [], partial: 1, ok: 38 }
    expect(importLine(again)).toBe('40 files · 39 decoded · 1 of them damaged · 1 unreadable · 1 read now, 39 unchanged in 1.3 s')
  })

  it('keeps the row words for vector and sequence files', () => {
    expect(importLine({ ...summary, kind: 'vectors', skipped: [] })).toMatch(/rows read/)
  })
})

describe('problemsOf', () => {
  it('lists unreadable, damaged, then skipped entries, each with its folder and its whole reason', () => {
    const long = `Cannot decode this PNG file: ${'x'.repeat(400)}`
    const list: ItemList = {
      datasetId: 1,
      groups: ['', 'b'],
      items: [
        { id: 1, name: 'ok.png', group: 0, status: 'ok', reason: null, duplicateOf: null },
        { id: 2, name: 'z.png', group: 1, status: 'error', reason: long, duplicateOf: null },
        { id: 3, name: 'a.png', group: 1, status: 'error', reason: null, duplicateOf: null },
        { id: 4, name: 'half.jpg', group: 0, status: 'partial', reason: 'Damaged file', duplicateOf: null }
      ]
    }
    expect(problemsOf(list, summary.skipped)).toEqual([
      { path: 'b/a.png', reason: 'No reason was recorded.', kind: 'unreadable' },
      { path: 'b/z.png', reason: long, kind: 'unreadable' },
      { path: 'half.jpg', reason: 'Damaged file', kind: 'damaged' },
      { path: 'link.png', reason: 'Symbolic link not followed.', kind: 'skipped' }
    ])
  })
})
