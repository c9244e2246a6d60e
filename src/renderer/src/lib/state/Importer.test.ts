import { beforeEach, describe, expect, it } from 'vitest'
import type { DatasetSummary } from '../../../../shared/contract'
import { Importer } from './Importer.svelte'
import { Library } from './Library.svelte'
import { job, settle } from './test-support/fake-api'
import { toastMessages, useHarness } from './test-support/harness'

const h = useHarness()
let library: Library
let importer: Importer
let listed: Pick<DatasetSummary, 'id' | 'name' | 'updatedAt'>[]

beforeEach(() => {
  listed = [{ id: 1, name: 'old', updatedAt: '2026-01-01T00:00:00Z' }]
  h.api.answer('datasets:list', () => listed as DatasetSummary[]).answer('jobs:list', [])
  library = h.track(new Library(h.api, h.toasts))
  importer = new Importer(h.api, library, h.jobs, h.toasts)
})

const file = (name: string): File => ({ name }) as File

describe('Importer', () => {
  it('starts an import, shows its h.jobs, and selects the dataset of the newest one once listed', async () => {
    h.api.answer('import:start', [job({ id: 4, datasetId: 2 }), job({ id: 5, datasetId: 3 })])
    listed = [...listed, { id: 2, name: 'a', updatedAt: '' }, { id: 3, name: 'b', updatedAt: '' }]
    expect(await importer.start({ paths: ['/data/a', '/data/b'] })).toBe(true)
    await settle()
    expect(h.api.callsOf('import:start')[0]).toMatchObject({ paths: ['/data/a', '/data/b'] })
    expect(h.jobs.shown.map((j) => j.id)).toEqual([4, 5])
    expect(library.selectedId).toBe(3)
    expect(importer.busy).toBe(false)
  })

  it('selects the dataset that appears when the started job does not name one yet', async () => {
    h.api.answer('import:start', [job({ id: 4, datasetId: null })])
    await library.refresh()
    await settle()
    listed = [...listed, { id: 7, name: 'new', updatedAt: '' }]
    await importer.start({ paths: ['/data/new'] })
    await settle()
    expect(library.selectedId).toBe(7)
  })

  it('is busy while the engine answers, and shows why an import could not start', async () => {
    let refuse = (_: Error): void => {}
    h.api.answer('import:start', () => new Promise((_, reject) => (refuse = reject)))
    const started = importer.start({ paths: ['/nowhere'] })
    await settle()
    expect(importer.busy).toBe(true)
    refuse(new Error('Folder not found: /nowhere'))
    expect(await started).toBe(false)
    expect(importer.busy).toBe(false)
    expect(importer.error).toBe('Folder not found: /nowhere')
    expect(h.jobs.shown).toEqual([])
  })

  it('gives a hint to type the path when the browser hides where dropped folders are', async () => {
    await importer.fromDrop([file('photos')])
    expect(importer.hint).toMatch(/Type or paste the folder path instead/)
    expect(h.api.callsOf('import:start')).toEqual([])
  })

  it('imports the folders dropped in the desktop app, and nothing for an empty drop', async () => {
    h.api.answer('import:start', [job({ id: 4, datasetId: 1 })])
    await importer.fromDrop([])
    expect(h.api.callsOf('import:start')).toEqual([])
    await importer.fromDrop([file('/data/photos'), file('elsewhere')])
    expect(h.api.callsOf('import:start')[0]).toMatchObject({ paths: ['/data/photos'] })
  })

  it('imports what the folder dialog picked, nothing when it was closed, and a toast when it failed', async () => {
    h.api.answer('import:start', [job({ id: 4, datasetId: 1 })])
    h.api.answer('dialog:pickFolders', [])
    await importer.pickFolders()
    expect(h.api.callsOf('import:start')).toEqual([])
    h.api.answer('dialog:pickFolders', ['/data/x'])
    await importer.pickFolders()
    expect(h.api.callsOf('import:start')[0]).toMatchObject({ paths: ['/data/x'] })
    h.api.fail('dialog:pickFolders', new Error('No window'))
    await importer.pickFolders()
    expect(toastMessages(h.toasts)).toEqual(['Could not open the folder dialog: No window'])
  })
})
