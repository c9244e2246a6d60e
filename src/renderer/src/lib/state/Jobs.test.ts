import { describe, expect, it, vi } from 'vitest'
import { job, settle } from './test-support/fake-api'
import { toastMessages, useHarness } from './test-support/harness'

const h = useHarness()

const ids = (): number[] => h.jobs.shown.map((j) => j.id)

describe('Jobs', () => {
  it('adds a job on its first progress event and replaces it with each newer one', () => {
    h.api.emit('job:progress', job({ id: 1, progress: { phase: 'Scanning', done: 0, total: null } }))
    h.api.emit('job:progress', job({ id: 1, progress: { phase: 'Decoding', done: 3, total: 10 }, updatedAt: '2026-01-01T00:00:02Z' }))
    expect(h.jobs.shown).toHaveLength(1)
    expect(h.jobs.shown[0]!.progress).toEqual({ phase: 'Decoding', done: 3, total: 10 })
  })

  it('ignores an event older than what it shows, and a late "running" after the job ended in the same second', () => {
    h.api.emit('job:progress', job({ id: 1, progress: { phase: 'New', done: 5, total: 10 }, updatedAt: '2026-01-01T00:00:05Z' }))
    h.api.emit('job:progress', job({ id: 1, progress: { phase: 'Old', done: 1, total: 10 }, updatedAt: '2026-01-01T00:00:04Z' }))
    expect(h.jobs.shown[0]!.progress.phase).toBe('New')
    h.api.emit('job:finished', job({ id: 1, state: 'failed', updatedAt: '2026-01-01T00:00:06Z' }))
    h.jobs.upsert(job({ id: 1, state: 'running', updatedAt: '2026-01-01T00:00:06Z' }))
    expect(h.jobs.shown[0]!.state).toBe('failed')
    // A resumed job comes back with a strictly newer time.
    h.jobs.upsert(job({ id: 1, state: 'running', updatedAt: '2026-01-01T00:00:07Z' }))
    expect(h.jobs.shown[0]!.state).toBe('running')
  })

  it.each(['done', 'cancelled'] as const)('keeps a job that ended %s for 20 seconds, then lets it go', (state) => {
    h.api.emit('job:progress', job({ id: 1 }))
    h.api.emit('job:finished', job({ id: 1, state, updatedAt: '2026-01-01T00:00:02Z' }))
    vi.advanceTimersByTime(19_999)
    expect(ids()).toEqual([1])
    vi.advanceTimersByTime(1)
    expect(ids()).toEqual([])
  })

  it('keeps a failed job until it is dismissed, and a dismissed job stays gone when it is reported again', () => {
    h.api.emit('job:finished', job({ id: 2, state: 'failed', error: { kind: 'io', message: 'Disk full' } }))
    vi.advanceTimersByTime(60_000)
    expect(ids()).toEqual([2])
    h.jobs.dismiss(2)
    h.api.emit('job:finished', job({ id: 2, state: 'failed', updatedAt: '2026-01-01T00:00:09Z' }))
    expect(ids()).toEqual([])
  })

  it('does not drop a job resumed while its linger timer ran', () => {
    h.api.emit('job:finished', job({ id: 3, state: 'cancelled' }))
    vi.advanceTimersByTime(10_000)
    h.jobs.upsert(job({ id: 3, state: 'running', updatedAt: '2026-01-01T00:00:02Z' }))
    vi.advanceTimersByTime(20_000)
    expect(ids()).toEqual([3])
  })

  it('tells whether a dataset has an unfinished job, of a kind if asked', () => {
    h.api.emit('job:progress', job({ id: 1, datasetId: 7 }, 'features'))
    h.api.emit('job:finished', job({ id: 2, datasetId: 8, state: 'failed' }, 'cluster'))
    expect(h.jobs.busy(7)).toBe(true)
    expect(h.jobs.busy(7, 'features')).toBe(true)
    expect(h.jobs.busy(7, 'cluster')).toBe(false)
    expect(h.jobs.busy(8)).toBe(false)
  })

  it('loads unfinished and interrupted h.jobs but not old history', async () => {
    h.api.answer('jobs:list', [
      job({ id: 1, state: 'running' }),
      job({ id: 2, state: 'done' }),
      job({ id: 3, state: 'interrupted' }),
      job({ id: 4, state: 'failed' })
    ])
    await h.jobs.load()
    expect(ids()).toEqual([1, 3])
  })

  it('after an outage, drops a running job the engine no longer lists and updates the ones it does', async () => {
    h.api.emit('job:progress', job({ id: 1 }))
    h.api.emit('job:progress', job({ id: 2 }))
    h.api.answer('jobs:list', [job({ id: 2, state: 'failed', updatedAt: '2026-01-01T00:00:03Z' })])
    await h.jobs.load(true)
    expect(h.jobs.shown.map((j) => [j.id, j.state])).toEqual([[2, 'failed']])
  })

  it('shows the state the cancel call returns, and a toast when it fails', async () => {
    h.api.emit('job:progress', job({ id: 5 }))
    h.api.answer('jobs:cancel', ({ id }) => job({ id, state: 'cancelled', updatedAt: '2026-01-01T00:00:02Z' }))
    await h.jobs.cancel(5)
    expect(h.jobs.shown[0]!.state).toBe('cancelled')
    h.api.fail('jobs:resume', new Error('The job cannot be resumed'))
    await h.jobs.resume(5)
    expect(toastMessages(h.toasts)).toEqual(['Could not resume the job: The job cannot be resumed'])
  })

  it('stops listening when disposed', async () => {
    h.jobs.dispose()
    expect(h.api.listeners('job:progress')).toBe(0)
    h.api.emit('job:progress', job({ id: 1 }))
    await settle()
    expect(ids()).toEqual([])
  })
})
