import { describe, expect, it } from 'vitest'
import { AUTOENCODER_DRAFT, autoencoderRequest, onnxRequest, SIAMESE_DRAFT, siameseBlocked, siameseRequest } from './models-form'

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
