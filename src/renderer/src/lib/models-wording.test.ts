import { describe, expect, it } from 'vitest'
import type { ModelInfo } from '../../../shared/contract'
import { backendChoiceLine, backendLine, backendOptions, encoderDimensions, epochsLine, metricsLine, skippedLines, stateLabel, verdictLine } from './models-wording'

const report = {
  name: 'wasm' as const,
  device: 'CPU (WebAssembly, 2 threads)',
  skipped: [
    { name: 'tfjs-node-gpu' as const, why: 'the package @tensorflow/tfjs-node-gpu is not installed' },
    { name: 'webgpu' as const, why: 'no WebGPU adapter was found.' }
  ]
}

function model(over: Partial<ModelInfo>): ModelInfo {
  return {
    id: 1,
    datasetId: 1,
    kind: 'autoencoder',
    label: 'Autoencoder',
    params: {},
    reason: null,
    backend: null,
    curve: [],
    bestEpoch: null,
    metrics: {},
    state: 'ready',
    featureSetId: null,
    createdAt: '2026-01-01T00:00:00Z',
    scoreHistogram: null,
    ...over
  }
}

describe('backend wording', () => {
  it('says what runs and on what', () => {
    expect(backendLine(report)).toBe('Runs on WebAssembly — CPU (WebAssembly, 2 threads).')
  })

  it('says when the user forced another backend than the best available', () => {
    expect(backendChoiceLine(report, 'auto')).toBe(backendLine(report))
    expect(backendChoiceLine(report, 'wasm')).toBe(backendLine(report))
    expect(backendChoiceLine(report, 'cpu')).toBe(
      'Runs on JavaScript CPU, as chosen; the best available here is WebAssembly — CPU (WebAssembly, 2 threads).'
    )
  })

  it('gives one sentence per better backend skipped, ending in one full stop', () => {
    expect(skippedLines(report)).toEqual([
      'TensorFlow with CUDA (tfjs-node-gpu) was skipped: the package @tensorflow/tfjs-node-gpu is not installed.',
      'WebGPU was skipped: no WebGPU adapter was found.'
    ])
  })

  it('offers the best available first, naming it, and marks the skipped ones unavailable', () => {
    const options = backendOptions(report)
    expect(options[0]).toEqual({ value: 'auto', label: 'Best available (WebAssembly)', unavailable: null })
    expect(options.map((o) => o.value)).toEqual(['auto', 'tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'])
    expect(options.find((o) => o.value === 'webgpu')?.unavailable).toBe('no WebGPU adapter was found.')
    expect(options.find((o) => o.value === 'cpu')?.unavailable).toBeNull()
    expect(backendOptions(null)[0]!.label).toBe('Best available')
  })
})

describe('model wording', () => {
  it('shows a Siamese model by triplet accuracy, AUC and recall@1', () => {
    const m = model({ kind: 'siamese', metrics: { tripletAccuracy: 0.925, auc: 0.9712, recallAt1: 0.8, threshold: 0.6 } })
    expect(metricsLine(m)).toBe('triplet accuracy 93% · AUC 0.971 · recall@1 80%')
  })

  it('shows an autoencoder by its validation loss, from the curve when the metrics lack it', () => {
    expect(metricsLine(model({ metrics: { valLoss: 0.0123 } }))).toBe('validation loss 0.012')
    const curve = [
      { epoch: 1, loss: 0.5, valLoss: 0.004, seconds: 1 },
      { epoch: 2, loss: 0.4, valLoss: 0.006, seconds: 2 }
    ]
    expect(metricsLine(model({ curve, bestEpoch: 1 }))).toBe('validation loss 4.00e-3')
    expect(metricsLine(model({}))).toBe('—')
  })

  it('counts the epochs trained and names the best', () => {
    const curve = [1, 2, 3].map((epoch) => ({ epoch, loss: 1, seconds: epoch }))
    expect(epochsLine(model({ curve, bestEpoch: 2 }))).toBe('3 epochs · best 2')
    expect(epochsLine(model({ curve: curve.slice(0, 1) }))).toBe('1 epoch')
    expect(epochsLine(model({ kind: 'onnx' }))).toBe('—')
  })

  it('tells a cancelled model can be resumed', () => {
    expect(stateLabel('cancelled')).toBe('cancelled — can resume')
  })
})

describe('verdictLine', () => {
  it('gives the verdict on the distance against the threshold, with the similarity beside it', () => {
    expect(verdictLine({ similarity: 0.8234, distance: 0.3, threshold: 0.45, similar: true })).toBe(
      'Similar: distance 0.300, within the threshold 0.450 chosen on the validation pairs (similarity 0.82).'
    )
    expect(verdictLine({ similarity: 0.95, distance: 0.2, threshold: 0.05, similar: false })).toMatch(
      /^Not similar: distance 0.200, beyond the threshold 0.050 .*\(similarity 0.95\)\.$/
    )
  })

  it('gives no verdict without a threshold', () => {
    expect(verdictLine({ similarity: 0.5, distance: 1, threshold: null, similar: null })).toBe(
      'Similarity 0.50 (distance 1.000). This model has no threshold, so it gives no verdict.'
    )
  })
})


describe('encoderDimensions', () => {
  it('lists the sizes of the usual exports', () => {
    expect(encoderDimensions({ dims: [512] })).toBe('512 values')
    expect(encoderDimensions({ dims: [2048, 1000] })).toBe('2,048 or 1,000 values')
  })
})
