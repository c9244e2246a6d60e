import { describe, expect, it } from 'vitest'
import type { ItemDetail } from '../../../shared/contract'
import { detailRows, formatBytes } from './viewer-details'

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1.0 KB'],
    [46_285, '45 KB'],
    [3_250_000, '3.1 MB'],
    [5 * 1024 ** 3, '5.0 GB']
  ])('%d → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text)
  })
})

const detail: ItemDetail = {
  id: 7, datasetId: 1, relPath: 'cats/a.png', absPath: '/data/photos/cats/a.png', group: 'cats', status: 'ok', reason: null,
  size: 2048, hash: null, format: 'png', width: 640, height: 480, duplicateOf: null
}

describe('detailRows', () => {
  it('names the file, folder, size, dimensions, format and cluster', () => {
    expect(detailRows(detail, 2).map((r) => [r.label, r.value])).toEqual([
      ['File', '/data/photos/cats/a.png'],
      ['Folder', 'cats'],
      ['File size', '2.0 KB'],
      ['Dimensions', '640 × 480 px'],
      ['Format', 'PNG'],
      ['Cluster', 'Cluster 3']
    ])
  })

  it('leaves the cluster out without a run, names noise, the top folder and unknown sizes', () => {
    const bare = { ...detail, absPath: null, group: '', width: null, height: null, format: null }
    const rows = Object.fromEntries(detailRows(bare, null).map((r) => [r.key, r.value]))
    expect(rows).toEqual({ path: 'cats/a.png', group: '(top folder)', size: '2.0 KB', dimensions: 'Unknown', format: 'Unknown' })
    expect(detailRows(detail, -1).at(-1)).toEqual({ key: 'cluster', label: 'Cluster', value: 'Noise' })
  })
})
