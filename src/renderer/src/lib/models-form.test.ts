import { describe, expect, it } from 'vitest'
import type { FeatureSetInfo } from '../../../shared/contract'
import { AUTOENCODER_DRAFT, autoencoderRequest, defaultLearnSource, learnSources, onnxRequest, SIAMESE_DRAFT, siameseBlocked, siameseRequest } from './models-form'

describe('autoencoderRequest', () => {
  it('leaves every choice to the app when nothing was set', () => {
    expect(autoencoderRequest(7, AUTOENCODER_DRAFT)).toEqual({ ok: true, value: { datasetId: 7, kind: 'autoencoder' } })
  })

  it('sends what the user set, and the backend only when one was forced', () => {
    const checked = autoencoderRequest(7, { variant: 'conv', latent: 16, epochs: 2, backend: 'cpu' })
    expect(checked).toEqual({
      ok: true,
      value: { datasetId: 7, kind: 'autoencoder', params: { variant: 'conv', latent: 16 }, epochs: 2, backend: 'cpu' }
    })
  })

  it('names the field and its range when a number is out of it', () => {
    expect(autoencoderRequest(7, { ...AUTOENCODER_DRAFT, latent: 0 })).toEqual({ ok: false, problem: 'Latent size takes a whole number from 1 to 4,096.' })
    expect(autoencoderRequest(7, { ...AUTOENCODER_DRAFT, epochs: 2.5 })).toEqual({ ok: false, problem: 'Epochs takes a whole number from 1 to 1,000.' })
    expect(autoencoderRequest(7, { ...AUTOENCODER_DRAFT, epochs: Number.NaN }).ok).toBe(false)
  })
})

describe('siameseRequest', () => {
  it('learns from the sub-folder groups with the loss and mining chosen', () => {
    const checked = siameseRequest(3, 4, { ...SIAMESE_DRAFT, loss: 'contrastive', mining: 'semi-hard', epochs: 5 })
    expect(checked).toEqual({
      ok: true,
      value: { datasetId: 3, kind: 'siamese', labels: 'groups', params: { loss: 'contrastive', mining: 'semi-hard' }, epochs: 5 }
    })
  })

  it('sends a preset only when one was chosen', () => {
    const checked = siameseRequest(3, 2, { ...SIAMESE_DRAFT, preset: 'B' })
    expect(checked.ok && checked.value.params).toEqual({ loss: 'triplet', mining: 'semi-hard', preset: 'B' })
  })

  it('refuses a dataset with fewer than two groups, saying how to make them', () => {
    expect(siameseBlocked(2)).toBeNull()
    expect(siameseBlocked(1)).toMatch(/only one group.*at least two sub-folders/)
    expect(siameseBlocked(0)).toMatch(/no sub-folders/)
    expect(siameseRequest(3, 1, SIAMESE_DRAFT)).toEqual({ ok: false, problem: siameseBlocked(1) })
  })
})

describe('onnxRequest', () => {
  it('takes an absolute path to an .onnx file, trimmed', () => {
    expect(onnxRequest(1, '  /home/me/clip.onnx ')).toEqual({ ok: true, value: { datasetId: 1, onnxPath: '/home/me/clip.onnx' } })
    expect(onnxRequest(1, 'C:\\models\\dino.ONNX').ok).toBe(true)
  })

  it('says what is wrong with an empty, relative or other file', () => {
    expect(onnxRequest(1, ' ')).toEqual({ ok: false, problem: 'Type the full path of the .onnx file you downloaded.' })
    expect(onnxRequest(1, 'models/clip.onnx')).toMatchObject({ ok: false, problem: expect.stringMatching(/full path/) })
    expect(onnxRequest(1, '/models/clip.pt')).toMatchObject({ ok: false, problem: expect.stringMatching(/ending in \.onnx/) })
  })
})

function set(id: number, over: Partial<FeatureSetInfo> = {}): FeatureSetInfo {
  return {
    id, datasetId: 1, method: 'hog', label: 'HOG', params: {}, post: '', dimension: 1764, origin: 'import', vectorCount: 10, eligibleCount: 10,
    complete: true, failedCount: 0, failedReason: null, seconds: 1, reason: null, isDefault: false, createdAt: '2026-01-01T00:00:00Z', ...over
  } as FeatureSetInfo
}

describe('learning from a feature set', () => {
  const folder = { kind: 'images' as const, source: { type: 'folder' as const } } as Parameters<typeof learnSources>[0]
  const file = { kind: 'vectors' as const, source: { type: 'vectors' as const } } as unknown as Parameters<typeof learnSources>[0]
  const sets = [set(3), set(4, { label: 'From the file', method: 'imported', dimension: 12, isDefault: true, post: 'zscore' }), set(5, { complete: false })]

  it('offers the images for a folder, then every complete set, and picks the images or the default set', () => {
    expect(learnSources(folder, sets)).toEqual([
      { value: 'images', label: 'The images' },
      { value: '3', label: 'HOG (1,764 values)' },
      { value: '4', label: 'From the file + zscore (12 values)' }
    ])
    expect(learnSources(file, sets).map((o) => o.value)).toEqual(['3', '4'])
    expect(defaultLearnSource(folder, sets)).toBe('images')
    // A Siamese network on a folder learns from its complete default set, as the main side chooses.
    expect(defaultLearnSource(folder, sets, 'siamese')).toBe('4')
    expect(defaultLearnSource(folder, [set(3), set(6, { isDefault: true, complete: false })], 'siamese')).toBe('images')
    expect(defaultLearnSource(folder, [], 'siamese')).toBe('images')
    expect(defaultLearnSource(file, sets)).toBe('4')
    expect(defaultLearnSource(file, [set(5, { complete: false })])).toBe('')
  })

  it('sends the feature set with the request, and refuses the designs that need images', () => {
    expect(autoencoderRequest(7, AUTOENCODER_DRAFT, '4')).toEqual({ ok: true, value: { datasetId: 7, kind: 'autoencoder', featureSetId: 4 } })
    expect(autoencoderRequest(7, { ...AUTOENCODER_DRAFT, variant: 'conv' }, '4')).toMatchObject({ ok: false, problem: expect.stringMatching(/choose Dense/) })
    expect(autoencoderRequest(7, AUTOENCODER_DRAFT, '')).toMatchObject({ ok: false, problem: expect.stringMatching(/no complete feature set/) })
    expect(siameseRequest(3, 2, { ...SIAMESE_DRAFT, preset: 'C' }, '4')).toMatchObject({ ok: true, value: { featureSetId: 4, params: { preset: 'C' } } })
    expect(siameseRequest(3, 2, { ...SIAMESE_DRAFT, preset: 'B' }, '4')).toMatchObject({ ok: false, problem: expect.stringMatching(/choose C/) })
    expect(siameseRequest(3, 2, { ...SIAMESE_DRAFT, preset: 'C' })).toMatchObject({ ok: false, problem: expect.stringMatching(/choose a feature set/) })
  })

  it('says a file without a label column has no groups, and how to give it some', () => {
    expect(siameseRequest(3, 1, SIAMESE_DRAFT, '4')).toMatchObject({ ok: false, problem: expect.stringMatching(/same label.*at least two labels/) })
    expect(siameseBlocked(0, true)).toMatch(/no label column/)
  })
})
