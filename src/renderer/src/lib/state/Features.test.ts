import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { FeatureSetInfo } from '../../../../shared/contract'
import { Features } from './Features.svelte'
import { job, settle } from './test-support/fake-api'
import { toastMessages, useHarness } from './test-support/harness'

const set = (id: number, datasetId = 1): FeatureSetInfo => ({ id, datasetId, method: 'hog' }) as FeatureSetInfo

const h = useHarness()
let features: Features
let sets: FeatureSetInfo[]

beforeEach(() => {
  sets = [set(1), set(2)]
  h.api.answer('features:list', ({ datasetId }) => sets.filter((s) => s.datasetId === datasetId))
  features = h.track(new Features(h.api, h.jobs, h.toasts))
})

const listCalls = (): number => h.api.callsOf('features:list').length

describe('Features', () => {
  it('loads the sets of the dataset shown, and none until they come', async () => {
    features.show(1)
    expect(features.sets).toBeNull()
    await settle()
    expect(features.sets?.map((s) => s.id)).toEqual([1, 2])
  })

  it('starts a job that shows in the job bar, and refetches the sets when it finishes', async () => {
    features.show(1)
    await settle()
    h.api.answer('features:start', job({ id: 9, datasetId: 1 }, 'features'))
    expect(await features.start({ datasetId: 1, method: 'hog' })).toBe(true)
    expect(h.jobs.busy(1, 'features')).toBe(true)
    h.api.emit('job:progress', job({ id: 9, datasetId: 1, progress: { phase: 'Computing', done: 5, total: 10 } }, 'features'))
    expect(h.jobs.shown[0]!.progress.done).toBe(5)
    sets = [set(1), set(2), set(3)]
    h.api.emit('job:finished', job({ id: 9, datasetId: 1, state: 'done', updatedAt: '2026-01-01T00:00:02Z' }, 'features'))
    await settle()
    expect(features.sets?.map((s) => s.id)).toEqual([1, 2, 3])
    expect(h.jobs.busy(1)).toBe(false)
  })

  it('shows why the engine refused a start until the user edits the form, and forgets it on another dataset', async () => {
    features.show(1)
    h.api.fail('features:start', new Error('Unknown post-processing step "zscor"'))
    expect(await features.start({ datasetId: 1, method: 'hog', post: 'zscor' })).toBe(false)
    expect(features.startError).toBe('Unknown post-processing step "zscor"')
    expect(features.starting).toBe(false)
    expect(h.jobs.shown).toEqual([])
    features.clearStartError()
    expect(features.startError).toBeNull()
    await features.start({ datasetId: 1, method: 'hog', post: 'zscor' })
    features.show(2)
    expect(features.startError).toBeNull()
  })

  it('refetches while an import of its dataset runs, throttled, but not for other jobs', async () => {
    features.show(1)
    await settle()
    h.api.emit('job:progress', job({ id: 4, datasetId: 1 }, 'features'))
    h.api.emit('job:progress', job({ id: 5, datasetId: 2 }, 'import'))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(listCalls()).toBe(1)
    for (let i = 0; i < 5; i++) h.api.emit('job:progress', job({ id: 6, datasetId: 1 }, 'import'))
    await vi.advanceTimersByTimeAsync(5_000)
    // One fetch at once and one when the interval has passed: not one per event.
    expect(listCalls()).toBe(3)
  })

  it('removes a set at once, and keeps it with a toast when the engine refuses', async () => {
    features.show(1)
    await settle()
    h.api.answer('features:remove', { removed: true })
    await features.remove(1)
    expect(features.sets?.map((s) => s.id)).toEqual([2])
    h.api.fail('features:remove', new Error('A run uses this set'))
    const removing = features.remove(2)
    expect(features.removing(2)).toBe(true)
    await removing
    expect(features.removing(2)).toBe(false)
    expect(features.sets?.map((s) => s.id)).toEqual([2])
    expect(toastMessages(h.toasts)).toEqual(['Could not remove the feature set: A run uses this set'])
  })

  it('loads the methods once however often it is refreshed', async () => {
    h.api.answer('features:methods', [{ id: 'hog' }] as never)
    features.refresh()
    features.refresh()
    await settle()
    features.refresh()
    await settle()
    expect(h.api.callsOf('features:methods')).toHaveLength(1)
    expect(features.methods.map((m) => m.id)).toEqual(['hog'])
  })
})
