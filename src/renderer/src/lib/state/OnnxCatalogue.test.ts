import { describe, expect, it } from 'vitest'
import type { OnnxCatalogueEntry } from '../../../../shared/contract'
import { OnnxCatalogue } from './OnnxCatalogue.svelte'
import { settle } from './test-support/fake-api'
import { useHarness } from './test-support/harness'

const clip: OnnxCatalogueEntry = {
  id: 'clip-vit-b-32', name: 'CLIP ViT-B/32 image tower', source: 'huggingface.co/openai/clip-vit-base-patch32', licence: 'MIT',
  size: 224, resizeShortest: 224, resize: 'shortest-then-centre-crop', layout: 'NCHW', mean: [0.48, 0.46, 0.41], std: [0.27, 0.26, 0.28],
  scale: 255, output: 'image_embeds', pooling: 'none', dims: [512]
}

const h = useHarness()

describe('OnnxCatalogue', () => {
  it('shows the entries the engine answers, asking once', async () => {
    h.api.answer('models:catalogue', [clip])
    const catalogue = new OnnxCatalogue(h.api)
    expect(catalogue.entries).toBeNull()
    void catalogue.load()
    void catalogue.load()
    await settle()
    expect(catalogue.entries?.map((e) => e.name)).toEqual(['CLIP ViT-B/32 image tower'])
    expect(catalogue.error).toBeNull()
    expect(h.api.callsOf('models:catalogue')).toEqual([{}])
  })

  it('says the list could not be read, and asks again on the next load', async () => {
    h.api.fail('models:catalogue', new Error('The engine is not reachable.'))
    const catalogue = new OnnxCatalogue(h.api)
    await catalogue.load()
    expect(catalogue.entries).toBeNull()
    expect(catalogue.error).toBe('The list of known models could not be read: The engine is not reachable.')
    h.api.answer('models:catalogue', [clip])
    await catalogue.load()
    expect(catalogue.entries).toHaveLength(1)
    expect(catalogue.error).toBeNull()
    expect(h.api.callsOf('models:catalogue')).toHaveLength(2)
  })
})
