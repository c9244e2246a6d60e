import { describe, expect, it } from 'vitest'
import { ARG_SCHEMAS } from './schemas'

const ok = (channel: keyof typeof ARG_SCHEMAS, arg: unknown): boolean => ARG_SCHEMAS[channel].safeParse(arg).success

describe('the models channels refuse what they do not take', () => {
  it('takes a training request with parameters of numbers, strings and booleans', () => {
    expect(ok('models:train', { datasetId: 1, kind: 'siamese', labels: 'groups', epochs: 3, backend: 'wasm', params: { latent: 8, loss: 'triplet', attention: true }, seed: 7 })).toBe(true)
    expect(ok('models:train', { datasetId: 1, kind: 'autoencoder', resumeModelId: 4 })).toBe(true)
  })

  it.each([
    ['an unknown key', { datasetId: 1, kind: 'autoencoder', learningRate: 0.1 }],
    ['a negative dataset id', { datasetId: -1, kind: 'autoencoder' }],
    ['a fractional model id', { datasetId: 1, kind: 'autoencoder', resumeModelId: 1.5 }],
    ['a backend that does not exist', { datasetId: 1, kind: 'autoencoder', backend: 'gpu' }],
    ['an unknown kind', { datasetId: 1, kind: 'forest' }],
    ['no epochs', { datasetId: 1, kind: 'autoencoder', epochs: 0 }],
    ['too many epochs', { datasetId: 1, kind: 'autoencoder', epochs: 10_001 }],
    ['a parameter that is an object', { datasetId: 1, kind: 'autoencoder', params: { latent: { n: 3 } } }],
    ['a parameter that is not finite', { datasetId: 1, kind: 'autoencoder', params: { latent: Infinity } }]
  ])('models:train refuses %s', (_, arg) => {
    expect(ok('models:train', arg)).toBe(false)
  })

  it('checks the other channels strictly', () => {
    expect(ok('models:embed', { datasetId: 1, onnxPath: '/m/clip.onnx' })).toBe(true)
    expect(ok('models:embed', { datasetId: 1, modelId: 2 })).toBe(true)
    expect(ok('models:embed', { datasetId: 1, onnxPath: '/m/a\0b.onnx' })).toBe(false)
    expect(ok('models:embed', { datasetId: 1, modelId: 0 })).toBe(false)
    expect(ok('models:embed', { datasetId: 1, modelId: 2, extra: true })).toBe(false)
    expect(ok('models:compare', { modelId: 1, a: 2, b: 3 })).toBe(true)
    expect(ok('models:compare', { modelId: 1, a: -2, b: 3 })).toBe(false)
    expect(ok('models:remove', { id: 1 })).toBe(true)
    expect(ok('models:remove', { id: '1' })).toBe(false)
    expect(ok('models:get', { id: 1, kind: 'onnx' })).toBe(false)
    expect(ok('models:list', {})).toBe(true)
    expect(ok('models:list', { datasetId: -3 })).toBe(false)
    expect(ok('models:backends', {})).toBe(true)
    expect(ok('models:backends', { force: 'cpu' })).toBe(false)
  })
})
