import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunDetail, RunSettings, RunSummary } from '../../../../shared/contract'
import { Runs } from './Runs.svelte'
import { job, settle } from './test-support/fake-api'
import { toastMessages, useHarness } from './test-support/harness'

const SETTINGS: RunSettings = {
  post: '',
  reduce: { method: 'umap', nNeighbors: 15, minDist: 0.1, metric: 'euclidean', pcaBefore: 50, clusterDims: 2 },
  cluster: { algo: 'kmeans', on: 'reduced', k: 'auto', eps: 'auto', minSamples: 'auto', minClusterSize: 'auto' },
  seed: 42
}

const summary = (id: number, datasetId = 1): RunSummary => ({ id, datasetId, settings: SETTINGS }) as RunSummary

function detail(id: number, datasetId = 1, k: number | 'auto' = 'auto'): RunDetail {
  return {
    ...summary(id, datasetId),
    featureSetId: 3,
    settings: { ...SETTINGS, cluster: { ...SETTINGS.cluster, k } },
    clusters: [],
    groups: []
  } as unknown as RunDetail
}

const clusterJob = (fields: Parameters<typeof job>[0]) => job({ datasetId: 1, ...fields }, 'cluster')

const h = useHarness()
let runs: Runs
let listed: RunSummary[]

beforeEach(() => {
  listed = [summary(1)]
  h.api
    .answer('runs:list', () => listed)
    .answer('runs:defaults', SETTINGS)
    .answer('runs:get', ({ id }) => detail(id, id === 99 ? 2 : 1, 5))
  runs = h.track(new Runs(h.api, h.jobs, h.toasts))
})

describe('Runs', () => {
  it('loads the defaults into the form and the history of the dataset shown', async () => {
    runs.show(1)
    runs.refresh()
    await settle()
    expect(runs.draft?.k).toBe('auto')
    expect(runs.list?.map((r) => r.id)).toEqual([1])
  })

  it('starts a run, follows its job, and opens the run it made when it is done', async () => {
    runs.show(1)
    await settle()
    h.api.answer('runs:start', clusterJob({ id: 7, state: 'queued' }))
    expect(await runs.start({ datasetId: 1, featureSetId: 3 })).toBe(true)
    expect(runs.jobId).toBe(7)
    expect(h.jobs.busy(1, 'cluster')).toBe(true)
    h.api.emit('job:progress', clusterJob({ id: 7, progress: { phase: 'UMAP', done: 40, total: 200 } }))
    expect(h.jobs.shown[0]!.progress.phase).toBe('UMAP')
    listed = [summary(2), summary(1)]
    const result = { runId: 2, datasetId: 1 } as never
    h.api.emit('job:finished', { ...clusterJob({ id: 7, state: 'done', updatedAt: '2026-01-01T00:00:02Z' }), result })
    await settle()
    expect(runs.view?.run.id).toBe(2)
    expect(runs.draft?.k).toBe('5')
    expect(runs.list?.map((r) => r.id)).toEqual([2, 1])
  })

  it('keeps a failed run in the job bar with its reason, and opens nothing', async () => {
    runs.show(1)
    h.api.answer('runs:start', clusterJob({ id: 7 }))
    await runs.start({ datasetId: 1, featureSetId: 3 })
    const error = { kind: 'cluster', message: 'Too few items for 5 clusters' }
    h.api.emit('job:finished', clusterJob({ id: 7, state: 'failed', error, updatedAt: '2026-01-01T00:00:02Z' }))
    await settle()
    vi.advanceTimersByTime(60_000)
    expect(h.jobs.shown.find((j) => j.id === runs.jobId)?.error).toEqual(error)
    expect(h.api.callsOf('runs:get')).toEqual([])
    expect(runs.view).toBeNull()
  })

  it('cancels its job through the job bar; a cancelled run opens nothing', async () => {
    runs.show(1)
    h.api.answer('runs:start', clusterJob({ id: 7 }))
    h.api.answer('jobs:cancel', ({ id }) => clusterJob({ id, state: 'cancelled', updatedAt: '2026-01-01T00:00:02Z' }))
    await runs.start({ datasetId: 1, featureSetId: 3 })
    await h.jobs.cancel(7)
    h.api.emit('job:finished', clusterJob({ id: 7, state: 'cancelled', updatedAt: '2026-01-01T00:00:02Z' }))
    await settle()
    expect(h.jobs.busy(1, 'cluster')).toBe(false)
    expect(runs.view).toBeNull()
  })

  it('shows why a start was refused, and forgets it and the job on another dataset', async () => {
    runs.show(1)
    h.api.answer('runs:start', clusterJob({ id: 7 }))
    await runs.start({ datasetId: 1, featureSetId: 3 })
    h.api.fail('runs:start', new Error('A run of this dataset is in progress'))
    expect(await runs.start({ datasetId: 1, featureSetId: 3 })).toBe(false)
    expect(runs.startError).toBe('A run of this dataset is in progress')
    runs.show(2)
    expect([runs.startError, runs.jobId, runs.list]).toEqual([null, null, null])
  })

  it('ignores the runs finished on other datasets', async () => {
    runs.show(1)
    await settle()
    h.api.emit('job:finished', { ...job({ id: 8, datasetId: 2, state: 'done' }, 'cluster'), result: { runId: 99 } as never })
    await settle()
    expect(h.api.callsOf('runs:get')).toEqual([])
    expect(h.api.callsOf('runs:list')).toHaveLength(1)
  })

  it('opens a stored run with its settings, and drops a reply for a dataset no longer shown', async () => {
    runs.show(1)
    await runs.open(4)
    expect(runs.view?.run.id).toBe(4)
    expect(runs.featureSetId).toBe(3)
    await runs.open(99)
    expect(runs.view?.run.id).toBe(4)
  })

  it('deletes a run, closing it when it was open, and says so with a toast when it cannot', async () => {
    runs.show(1)
    await settle()
    await runs.open(1)
    h.api.answer('runs:remove', { removed: true })
    await runs.remove(1)
    expect(runs.list).toEqual([])
    expect(runs.view).toBeNull()
    h.api.fail('runs:remove', new Error('Locked'))
    await runs.remove(2)
    expect(toastMessages(h.toasts)).toEqual(['Could not delete the run: Locked'])
  })
})
