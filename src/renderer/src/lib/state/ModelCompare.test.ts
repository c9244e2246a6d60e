import { describe, expect, it } from 'vitest'
import type { ItemList } from '../../../../shared/contract'
import { itemChoices, ModelCompare } from './ModelCompare.svelte'
import { useHarness } from './test-support/harness'

const list = {
  datasetId: 1,
  groups: ['', 'cats'],
  items: [
    { id: 1, name: 'a.png', group: 0, status: 'ok', reason: null, duplicateOf: null },
    { id: 2, name: 'b.png', group: 1, status: 'ok', reason: null, duplicateOf: null },
    { id: 3, name: 'c.png', group: 1, status: 'error', reason: 'unreadable', duplicateOf: null }
  ]
} as ItemList

const h = useHarness()

describe('ModelCompare', () => {
  it('lists the readable items by folder and name', () => {
    expect(itemChoices(list)).toEqual([
      { id: 1, label: 'a.png' },
      { id: 2, label: 'cats/b.png' }
    ])
  })

  it('asks the model about the two items chosen, and forgets the answer when one changes', async () => {
    h.api.answer('items:list', list)
    h.api.answer('models:compare', { similarity: 0.9, distance: 0.2, threshold: 0.5, similar: true })
    const compare = new ModelCompare(h.api, 7, 1)
    await compare.load()
    await compare.compare()
    expect(compare.error).toBe('Choose two images first.')
    compare.a = 1
    compare.b = 2
    await compare.compare()
    expect(h.api.callsOf('models:compare')).toEqual([{ modelId: 7, a: 1, b: 2 }])
    expect(compare.result?.similar).toBe(true)
    compare.b = 1
    expect(compare.result).toBeNull()
  })

  it('shows the engine refusal as the error', async () => {
    h.api.fail('models:compare', new Error('The model has no weights yet.'))
    const compare = new ModelCompare(h.api, 7, 1)
    compare.a = 1
    compare.b = 2
    await compare.compare()
    expect(compare.error).toBe('The model has no weights yet.')
    expect(compare.busy).toBe(false)
  })
})
