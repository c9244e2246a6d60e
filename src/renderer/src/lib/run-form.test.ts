import { describe, expect, it } from 'vitest'
import type { RunSettings } from '../../../shared/contract'
import { checkEps, checkK, checkMinClusterSize, checkMinSamples, draftFrom, settingsFrom } from './run-form'

const defaults: RunSettings = {
  post: '',
  reduce: { method: 'umap', nNeighbors: 15, minDist: 0.1, metric: 'euclidean', pcaBefore: 50, clusterDims: 2 },
  cluster: { algo: 'kmeans', on: 'reduced', k: 'auto', eps: 'auto', minSamples: 'auto', minClusterSize: 'auto' },
  seed: 42
}

describe('checkK, checkEps and the minimum sizes', () => {
  it('take "auto" in any case and with spaces', () => {
    expect(checkK(' Auto ')).toEqual({ ok: true, value: 'auto' })
    expect(checkEps('AUTO')).toEqual({ ok: true, value: 'auto' })
    expect(checkMinSamples(' auto')).toEqual({ ok: true, value: 'auto' })
    expect(checkMinClusterSize('Auto ')).toEqual({ ok: true, value: 'auto' })
  })

  it('take whole k from 2 to 1,000 only', () => {
    expect(checkK('7')).toEqual({ ok: true, value: 7 })
    for (const bad of ['1', '1001', '2.5', '', 'seven', '-3']) expect(checkK(bad).ok).toBe(false)
  })

  it('take a positive eps only', () => {
    expect(checkEps('0.25')).toEqual({ ok: true, value: 0.25 })
    for (const bad of ['0', '-1', '', 'wide', 'Infinity']) expect(checkEps(bad).ok).toBe(false)
  })

  it('take whole minimum sizes in the engine\'s ranges only, and name the field', () => {
    expect(checkMinSamples('1')).toEqual({ ok: true, value: 1 })
    expect(checkMinSamples('1000')).toEqual({ ok: true, value: 1000 })
    expect(checkMinClusterSize(' 25 ')).toEqual({ ok: true, value: 25 })
    for (const bad of ['0', '1001', '2.5', '', 'autos', '-3']) expect(checkMinSamples(bad).ok).toBe(false)
    for (const bad of ['1', '100001', '1e3', '']) expect(checkMinClusterSize(bad).ok).toBe(false)
    expect(checkMinClusterSize('1')).toEqual({ ok: false, problem: 'Min cluster size takes a whole number from 2 to 100,000, or "auto".' })
  })
})

describe('settingsFrom', () => {
  it('gives back the settings a draft was made from', () => {
    const run: RunSettings = {
      post: 'zscore',
      reduce: { method: 'umap', nNeighbors: 30, minDist: 0.25, metric: 'cosine', pcaBefore: null, clusterDims: 5 },
      cluster: { algo: 'dbscan', on: 'features', k: 4, eps: 0.7, minSamples: 8, minClusterSize: 10 },
      seed: 7
    }
    const checked = settingsFrom(draftFrom(run), defaults)
    expect(checked.ok).toBe(true)
    if (!checked.ok) return
    expect(checked.value.reduce).toEqual(run.reduce)
    expect(checked.value.cluster).toMatchObject({ algo: 'dbscan', on: 'features', eps: 0.7, minSamples: 8 })
    expect(checked.value.post).toBe('zscore')
    expect(checked.value.seed).toBe(7)
  })

  it('keeps "auto" minimum sizes as "auto", and typed ones as numbers', () => {
    const draft = { ...draftFrom(defaults), algo: 'hdbscan' as const }
    expect(draft.minSamples).toBe('auto')
    const auto = settingsFrom(draft, defaults)
    expect(auto.ok && auto.value.cluster).toMatchObject({ algo: 'hdbscan', minSamples: 'auto', minClusterSize: 'auto' })
    const typed = settingsFrom({ ...draft, minSamples: '4', minClusterSize: 'AUTO' }, defaults)
    expect(typed.ok && typed.value.cluster).toMatchObject({ minSamples: 4, minClusterSize: 'auto' })
    expect(settingsFrom({ ...draft, minSamples: '' }, defaults)).toEqual({
      ok: false,
      problem: 'Min samples takes a whole number from 1 to 1,000, or "auto".'
    })
    // K-Means uses neither: a half-typed size does not block it.
    expect(settingsFrom({ ...draft, algo: 'kmeans', minClusterSize: 'x' }, defaults).ok).toBe(true)
  })

  it('names the field that is wrong', () => {
    const draft = draftFrom(defaults)
    expect(settingsFrom({ ...draft, k: 'many' }, defaults)).toEqual({ ok: false, problem: 'k takes a whole number from 2 to 1,000, or "auto".' })
    expect(settingsFrom({ ...draft, nNeighbors: null }, defaults)).toEqual({ ok: false, problem: 'Neighbours takes a whole number from 2 to 200.' })
    expect(settingsFrom({ ...draft, minDist: 1.5 }, defaults)).toEqual({ ok: false, problem: 'min_dist takes a number from 0 to 1.' })
    expect(settingsFrom({ ...draft, seed: -1 }, defaults).ok).toBe(false)
  })

  it('does not check fields the chosen method leaves unused', () => {
    const draft = { ...draftFrom(defaults), reduceMethod: 'none' as const, nNeighbors: null, clusterDims: null, eps: 'x' }
    const checked = settingsFrom(draft, defaults)
    expect(checked.ok).toBe(true)
    // Without a reduction there is nothing to cluster but the features.
    if (checked.ok) expect(checked.value.cluster.on).toBe('features')
  })

  it('reads an empty "PCA first" as no PCA, and a typed one as its components', () => {
    const draft = draftFrom(defaults)
    const off = settingsFrom({ ...draft, pcaBefore: null }, defaults)
    const on = settingsFrom({ ...draft, pcaBefore: 20 }, defaults)
    expect(off.ok && off.value.reduce.pcaBefore).toBeNull()
    expect(on.ok && on.value.reduce.pcaBefore).toBe(20)
    expect(settingsFrom({ ...draft, pcaBefore: 1 }, defaults).ok).toBe(false)
  })
})
