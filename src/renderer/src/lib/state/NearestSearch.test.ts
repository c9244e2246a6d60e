import { describe, expect, it } from 'vitest'
import { NearestSearch } from './ModelCompare.svelte'
import { settle } from './test-support/fake-api'
import { useHarness } from './test-support/harness'

const h = useHarness()
const answer = { file: '/photos/cat.png', threshold: 0.5, neighbours: [{ itemId: 3, path: 'cats/a.png', similarity: 0.97, distance: 0.1, similar: true }] }

describe('NearestSearch', () => {
  it('asks for the items nearest to the typed path, trimmed, and keeps the answer', async () => {
    h.api.answer('models:nearest', answer)
    const search = new NearestSearch(h.api, 7, 5)
    await search.find()
    expect(search.error).toMatch(/Type the full path of an image file first/)
    expect(h.api.callsOf('models:nearest')).toEqual([])
    search.path = '  /photos/cat.png '
    expect(search.error).toBeNull()
    await search.find()
    expect(h.api.callsOf('models:nearest')).toEqual([{ modelId: 7, path: '/photos/cat.png', k: 5 }])
    expect(search.result?.neighbours[0]?.path).toBe('cats/a.png')
    expect(search.busy).toBe(false)
  })

  it('searches at once for a dropped file with a path, and says to type it where dropping gives none', async () => {
    h.api.answer('models:nearest', answer)
    const search = new NearestSearch(h.api, 7)
    search.dropped('')
    expect(search.error).toMatch(/only in the desktop app: type or paste the full path/)
    expect(h.api.callsOf('models:nearest')).toEqual([])
    search.dropped('/photos/cat.png')
    await settle()
    expect(search.path).toBe('/photos/cat.png')
    expect(h.api.callsOf('models:nearest')).toEqual([{ modelId: 7, path: '/photos/cat.png', k: 12 }])
  })

  it('shows the engine refusal and drops the earlier answer', async () => {
    h.api.answer('models:nearest', answer)
    const search = new NearestSearch(h.api, 7)
    search.path = '/photos/cat.png'
    await search.find()
    h.api.fail('models:nearest', new Error('/photos is a folder: give the path of one image file in it.'))
    search.path = '/photos'
    await search.find()
    expect(search.error).toBe('/photos is a folder: give the path of one image file in it.')
    expect(search.result).toBeNull()
  })
})
