import { beforeEach, describe, expect, it } from 'vitest'
import type { ItemCell, ItemList } from '../../../../shared/contract'
import { Gallery } from './Gallery.svelte'
import { job, settle } from './test-support/fake-api'
import { toastMessages, useHarness } from './test-support/harness'

function cell(id: number, group: number, status: ItemCell['status'] = 'ok'): ItemCell {
  return { id, name: `${id}.png`, group, status, reason: null, duplicateOf: null }
}

const LIST: ItemList = {
  datasetId: 1,
  // As the library sorts them: by bytes.
  groups: ['g10', 'g2'],
  items: [cell(1, 0), cell(2, 0, 'error'), cell(3, 1), cell(4, 1, 'partial')]
}

const h = useHarness()
let gallery: Gallery

beforeEach(() => {
  h.api.answer('items:list', ({ datasetId }) => ({ ...LIST, datasetId }))
  gallery = h.track(new Gallery(h.api, h.toasts))
})

describe('Gallery', () => {
  it('loads the items of the dataset shown, groups in natural order', async () => {
    gallery.show(1)
    expect(gallery.loading).toBe(true)
    await settle()
    expect(gallery.loading).toBe(false)
    expect(gallery.items.map((i) => i.id)).toEqual([3, 4, 1, 2])
  })

  it('shows only the images with problems when asked, and forgets that filter on another dataset', async () => {
    gallery.show(1)
    await settle()
    gallery.onlyProblems = true
    expect(gallery.items.map((i) => i.id)).toEqual([4, 2])
    gallery.show(2)
    expect(gallery.onlyProblems).toBe(false)
    expect(gallery.list).toBeNull()
  })

  it('never lets a slow reply for the previous dataset overwrite the current one', async () => {
    const held = h.api.hold('items:list')
    gallery.show(1)
    gallery.show(2)
    held[0]!.resolve({ ...LIST, datasetId: 1 })
    await settle()
    expect(gallery.list).toBeNull()
    held[1]!.resolve({ ...LIST, datasetId: 2 })
    await settle()
    expect(gallery.list?.datasetId).toBe(2)
  })

  it('refetches when a job on its dataset finishes, not for other datasets', async () => {
    gallery.show(1)
    await settle()
    h.api.emit('job:finished', job({ id: 5, datasetId: 2, state: 'done' }))
    await settle()
    expect(h.api.callsOf('items:list')).toHaveLength(1)
    h.api.emit('job:finished', job({ id: 6, datasetId: 1, state: 'done' }))
    await settle()
    expect(h.api.callsOf('items:list')).toHaveLength(2)
  })

  it('shows a toast when the items cannot be loaded', async () => {
    h.api.fail('items:list', new Error('Database is busy'))
    gallery.show(1)
    await settle()
    expect(gallery.loading).toBe(false)
    expect(toastMessages(h.toasts)).toEqual(['Could not load the images of this dataset: Database is busy'])
  })
})
