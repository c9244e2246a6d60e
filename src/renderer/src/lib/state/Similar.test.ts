import { describe, expect, it } from 'vitest'
import type { SimilarResult } from '../../../../shared/contract'
import { Similar } from './Similar.svelte'
import { settle } from './test-support/fake-api'
import { useHarness } from './test-support/harness'

const h = useHarness()

const answer = (itemId: number): SimilarResult => ({
  featureSetId: 2,
  index: { kind: 'exact', params: {}, recallAtK: 1, approxFactor: 1, reason: 'Exact search.' },
  neighbours: [
    { itemId: itemId + 1, path: 'cats/a.png', distance: 0.5 },
    { itemId: itemId + 2, path: 'dogs/b.png', distance: 0.75 },
    { itemId: itemId + 3, path: 'top.png', distance: 1 }
  ]
})

describe('Similar', () => {
  it('asks for the k items nearest to the item shown and keeps the answer for that item only', async () => {
    h.api.answer('similar:find', (arg) => answer(arg.itemId!))
    const similar = new Similar(h.api, 5)
    await similar.find(4, 10, 'cat.png')
    expect(h.api.callsOf('similar:find')).toEqual([{ datasetId: 4, itemId: 10, k: 5 }])
    expect(similar.isFor(10)).toBe(true)
    expect(similar.isFor(11)).toBe(false)
    expect(similar.result?.neighbours.map((n) => n.itemId)).toEqual([11, 12, 13])
    expect(similar.busy).toBe(false)
  })

  it('makes viewer cells of the answer, nearest first, each in its folder', async () => {
    h.api.answer('similar:find', (arg) => answer(arg.itemId!))
    const similar = new Similar(h.api)
    expect(similar.grid()).toBeNull()
    await similar.find(4, 10, 'cat.png')
    const grid = similar.grid()!
    expect(grid.context).toEqual({ title: 'Similar to cat.png', groups: ['cats', 'dogs', ''] })
    expect(grid.items.map((c) => [c.id, c.name, c.group])).toEqual([[11, 'a.png', 0], [12, 'b.png', 1], [13, 'top.png', 2]])
  })

  it('drops a late answer for an item stepped past', async () => {
    const held = h.api.hold('similar:find')
    const similar = new Similar(h.api)
    void similar.find(4, 10, 'cat.png')
    void similar.find(4, 20, 'dog.png')
    await settle()
    held[1]!.resolve(answer(20))
    held[0]!.resolve(answer(10))
    await settle()
    expect(similar.isFor(20)).toBe(true)
    expect(similar.result?.neighbours[0]?.itemId).toBe(21)
    expect(similar.busy).toBe(false)
  })

  it('shows why the engine refused, and clears it', async () => {
    h.api.fail('similar:find', new Error('Dataset photos has no complete feature set to search: compute one first.'))
    const similar = new Similar(h.api)
    await similar.find(4, 10, 'cat.png')
    expect(similar.error).toBe('Could not find similar images: Dataset photos has no complete feature set to search: compute one first.')
    expect(similar.result).toBeNull()
    similar.clear()
    expect(similar.error).toBeNull()
    expect(similar.isFor(10)).toBe(false)
  })
})
