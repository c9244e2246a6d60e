import { describe, expect, it } from 'vitest'
import { autoencoderParams, modelLabel, resolveParams, siameseDefaults, siameseSettings } from './train-params'

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

describe('models on a feature set', () => {
  const input = { dim: 40, setName: 'feature set 3 (HOG)' }

  it('give a Siamese network preset C, a head of 256 units to 64 values, and say why', () => {
    const { params, reason } = resolveParams('siamese', input, {})
    expect(params).toMatchObject({ preset: 'C', widths: '256', latent: 64, mining: 'semi-hard', perClass: 4 })
    expect(params['side']).toBeUndefined()
    expect(siameseSettings(params)).toMatchObject({ preset: 'C', widths: [256], outputDim: 64 })
    expect(reason).toBe(
      'A small head (256 units to 64 values) learns on top of the 40 values of feature set 3 (HOG), standardised per column: the features already describe the items, ' +
        'so one hidden layer re-weighs them by the groups without forgetting them; trained on triplets with semi-hard mining (a random network trained on the hardest ' +
        'triplets collapses every item to one point) on batches of 8 groups × 4 items, so every item has others of its group to be pulled towards.'
    )
    expect(modelLabel('siamese', params)).toBe('Siamese head (triplet, 64 values)')
  })

  it('give the autoencoder the dense variant with widths scaled to the input, at most N2D’s', () => {
    expect(resolveParams('autoencoder', input, {}).params).toMatchObject({ variant: 'dense', hidden: '80,80,320', latent: 10 })
    expect(resolveParams('autoencoder', { dim: 4, setName: 's' }, {}).params).toMatchObject({ hidden: '16,16,64', latent: 4 })
    const wide = resolveParams('autoencoder', { dim: 2048, setName: 'feature set 9 (CLIP)' }, {})
    expect(wide.params).toMatchObject({ hidden: '500,500,2000', latent: 10 })
    expect(wide.reason).toMatch(/^The dense N2D autoencoder learns from the 2048 values of feature set 9 \(CLIP\), standardised per column, through 500, 500, 2,000 units/)
    expect(autoencoderParams(wide.params)).toMatchObject({ kind: 'dense', hidden: [500, 500, 2000], latent: 10 })
  })

  it('refuse the designs that need images, and preset C without a feature set', () => {
    expect(() => resolveParams('siamese', input, { preset: 'B' })).toThrow(/Preset B is a convolutional tower for images/)
    expect(() => resolveParams('autoencoder', input, { variant: 'conv' })).toThrow(/needs images/)
    expect(() => resolveParams('siamese', [{ width: 28, height: 28 }], { preset: 'C' })).toThrow(/Preset C is a head on a feature set: choose the feature set/)
    // Preset A, the reference MLP, reads vectors too and brings its own widths.
    expect(resolveParams('siamese', input, { preset: 'A' }).params).toMatchObject({ preset: 'A', widths: '1024,512,128' })
  })
})
