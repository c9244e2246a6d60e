import { describe, expect, it } from 'vitest'
import { resolveParams, siameseDefaults, siameseSettings } from './train-params'

describe('Siamese defaults', () => {
  it('train on semi-hard triplets in batches of 8 groups × 4 images, and say so', () => {
    for (const side of [28, 200]) {
      const { params, reason } = siameseDefaults([{ width: side, height: side }])
      expect(params).toMatchObject({ mining: 'semi-hard', perClass: 4, batchSize: 32 })
      expect(siameseSettings(params)).toMatchObject({ mining: 'semi-hard', pk: { classes: 8, perClass: 4 } })
      expect(reason).toContain('semi-hard mining')
      expect(reason).toContain('8 groups × 4 images')
    }
  })

  it('lets the user change the batch layout or turn it off', () => {
    const sizes = [{ width: 28, height: 28 }]
    expect(siameseSettings(resolveParams('siamese', sizes, { batchSize: 60, perClass: 6 }).params).pk).toEqual({ classes: 10, perClass: 6 })
    expect(siameseSettings(resolveParams('siamese', sizes, { perClass: 0, mining: 'batch-hard' }).params)).toMatchObject({ pk: null, mining: 'batch-hard' })
    expect(() => resolveParams('siamese', sizes, { perClass: -1 })).toThrow(/perClass/)
  })

  it('reads records saved before the batch layout existed as plain batches', () => {
    const old = { preset: 'A', side: 28, widths: '1024,512,128', latent: 64, learningRate: 1e-3, batchSize: 32, loss: 'triplet', mining: 'batch-hard' }
    expect(siameseSettings(old)).toMatchObject({ mining: 'batch-hard', pk: null })
  })
})
