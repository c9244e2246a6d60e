import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DatasetSummary, ImportSummary } from '../../../../shared/contract'
import { Library } from './Library.svelte'
import { job, settle } from './test-support/fake-api'
import { toastMessages, useHarness } from './test-support/harness'

function dataset(id: number, name: string, updatedAt = '2026-01-01T00:00:00Z'): DatasetSummary {
  return {
    id,
    name,
    root: `/data/${name}`,
    kind: 'images',
    source: { type: 'folder' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt,
    itemCount: 10,
    okCount: 10,
    partialCount: 0,
    errorCount: 0,
    missingCount: 0,
    duplicateCount: 0,
    groupCount: 1
  }
}

const h = useHarness()
let library: Library
let listed: DatasetSummary[]

beforeEach(() => {
  listed = []
  h.api.answer('datasets:list', () => listed).answer('jobs:list', [])
  library = h.track(new Library(h.api, h.toasts))
})

async function load(datasets: DatasetSummary[]): Promise<void> {
  listed = datasets
  library.refresh()
  await settle()
}

describe('Library', () => {
  it('lists the datasets in natural name order and selects the most recently changed one first', async () => {
    expect(library.loaded).toBe(false)
    await load([dataset(1, 'digits10', '2026-01-02T00:00:00Z'), dataset(2, 'digits9', '2026-01-03T00:00:00Z'), dataset(3, 'Birds')])
    expect(library.loaded).toBe(true)
    expect(library.datasets.map((d) => d.name)).toEqual(['Birds', 'digits9', 'digits10'])
    expect(library.selected?.name).toBe('digits9')
  })

  it('says it is empty only once the list has loaded with nothing in it', async () => {
    expect(library.empty).toBe(false)
    await load([])
    expect(library.empty).toBe(true)
    expect(library.selectedId).toBeNull()
  })

  it('keeps the selection across reloads, and moves it when the selected dataset disappears', async () => {
    await load([dataset(1, 'a', '2026-01-05T00:00:00Z'), dataset(2, 'b', '2026-01-02T00:00:00Z'), dataset(3, 'c', '2026-01-03T00:00:00Z')])
    library.select(2)
    await load([dataset(1, 'a', '2026-01-05T00:00:00Z'), dataset(2, 'b', '2026-01-02T00:00:00Z'), dataset(3, 'c', '2026-01-03T00:00:00Z')])
    expect(library.selectedId).toBe(2)
    await load([dataset(1, 'a', '2026-01-05T00:00:00Z'), dataset(3, 'c', '2026-01-03T00:00:00Z')])
    expect(library.selectedId).toBe(1)
  })

  it('selects a dataset an import names as soon as a refresh lists it', async () => {
    await load([dataset(1, 'a')])
    library.selectWhenListed(4)
    await settle()
    expect(library.selectedId).toBe(1)
    await load([dataset(1, 'a'), dataset(4, 'new')])
    expect(library.selectedId).toBe(4)
  })

  it('selects the newest dataset that appears after an import that named none', async () => {
    await load([dataset(1, 'a', '2026-01-09T00:00:00Z')])
    listed = [dataset(1, 'a', '2026-01-09T00:00:00Z'), dataset(5, 'x'), dataset(6, 'y')]
    library.selectNewcomer()
    await settle()
    expect(library.selectedId).toBe(6)
  })

  it('refetches when an import finishes and keeps what it skipped for the dataset', async () => {
    await load([dataset(1, 'a')])
    const summary = { datasetId: 1, skipped: [{ path: 'link', reason: 'Links are not followed' }] } as ImportSummary
    listed = [dataset(1, 'a'), dataset(2, 'b')]
    h.api.emit('job:finished', { ...job({ id: 9, datasetId: 1, state: 'done' }), kind: 'import', result: summary })
    await settle()
    expect(library.datasets).toHaveLength(2)
    expect(library.skippedOf(1)).toEqual(summary.skipped)
    expect(library.skippedOf(2)).toEqual([])
  })

  it('refetches at most once per two seconds while progress events stream in', async () => {
    await load([dataset(1, 'a')])
    const before = h.api.callsOf('datasets:list').length
    for (let i = 0; i < 20; i++) h.api.emit('job:progress', job({ id: 9, datasetId: 1 }))
    await settle()
    expect(h.api.callsOf('datasets:list').length - before).toBe(0)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(h.api.callsOf('datasets:list').length - before).toBe(1)
  })

  it('shows a toast when the list cannot be loaded, and stays not loaded', async () => {
    h.api.fail('datasets:list', new Error('The library file is locked'))
    library.refresh()
    await settle()
    expect(library.loaded).toBe(false)
    expect(toastMessages(h.toasts)).toEqual(['Could not load the list of datasets: The library file is locked'])
  })
})
