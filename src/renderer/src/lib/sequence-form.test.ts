import { describe, expect, it } from 'vitest'
import type { ChosenSequences } from '../../../shared/contract'
import { algoLine, reductionLine } from './runs'
import { sequenceDraftFrom, sequenceSettingsFrom } from './sequence-form'

const defaults = { k: 'auto', jaccard: 'auto', maxDistance: 0.2, minSamples: 3, method: 'dbscan' } as const

describe('the sequence run fields', () => {
  it('give back the settings they were made from, "auto" included', () => {
    expect(sequenceSettingsFrom(sequenceDraftFrom(defaults))).toEqual({ ok: true, value: defaults })
    const given = { k: 7, jaccard: 0.35, maxDistance: 0.15, minSamples: 2, method: 'components' } as const
    expect(sequenceSettingsFrom(sequenceDraftFrom(given))).toEqual({ ok: true, value: given })
    expect(sequenceSettingsFrom({ ...sequenceDraftFrom(defaults), k: ' AUTO ', jaccard: '0.4' })).toEqual({ ok: true, value: { ...defaults, jaccard: 0.4 } })
  })

  it('name the field that is wrong and what it takes', () => {
    const draft = sequenceDraftFrom(defaults)
    expect(sequenceSettingsFrom({ ...draft, k: '1' })).toMatchObject({ ok: false, problem: expect.stringMatching(/^k-mer length takes a whole number from 2 to 32/) })
    expect(sequenceSettingsFrom({ ...draft, k: '6.5' })).toMatchObject({ ok: false })
    expect(sequenceSettingsFrom({ ...draft, jaccard: '1' })).toMatchObject({ ok: false, problem: expect.stringMatching(/^Jaccard target/) })
    expect(sequenceSettingsFrom({ ...draft, jaccard: '' })).toMatchObject({ ok: false })
    expect(sequenceSettingsFrom({ ...draft, maxDistance: null })).toMatchObject({ ok: false, problem: expect.stringMatching(/^Largest distance/) })
    expect(sequenceSettingsFrom({ ...draft, maxDistance: 0 })).toMatchObject({ ok: false })
    expect(sequenceSettingsFrom({ ...draft, minSamples: 0 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^Min samples/) })
  })
})

describe('a sequence run described in a line', () => {
  const base = { post: '', reduce: { method: 'umap', nNeighbors: 15, minDist: 0.1, metric: 'euclidean', pcaBefore: null, clusterDims: 2 }, cluster: { algo: 'dbscan', on: 'features', k: 'auto', eps: 0.2, minSamples: 3, minClusterSize: 'auto' }, seed: 1 } as const
  it('names its own parameters, with the k that auto chose, not the feature pipeline', () => {
    const settings = { ...base, sequences: defaults }
    expect(algoLine({ settings, chosen: { sequences: { k: 7 } as ChosenSequences } })).toBe('DBSCAN · largest distance 0.2 · min samples 3 · k-mers of 7')
    expect(algoLine({ settings: { ...base, sequences: { ...defaults, method: 'components', k: 5 } }, chosen: {} })).toBe('Connected components · largest distance 0.2 · k-mers of 5')
    expect(reductionLine(settings)).toBe('map: UMAP of the nearest compared relatives')
    expect(algoLine({ settings: base, chosen: {} })).toMatch(/^DBSCAN eps 0.2 · min samples 3/)
  })
})
