import { describe, expect, it } from 'vitest'
import type { JobInfo } from '../../../../shared/contract'
import { followDatasetJobs, JobStarter } from './follow-job.svelte'
import { defer, job, settle } from './test-support/fake-api'
import { useHarness } from './test-support/harness'

const h = useHarness()

describe('JobStarter', () => {
  it('is starting until the engine answers, then shows the job in the job bar and remembers it', async () => {
    const starter = new JobStarter(h.jobs)
    const reply = defer<JobInfo>()
    const started = starter.start(() => reply.promise)
    expect(starter.starting).toBe(true)
    reply.resolve(job({ id: 8 }, 'features'))
    expect(await started).toBe(true)
    expect(starter.starting).toBe(false)
    expect(starter.jobId).toBe(8)
    expect(h.jobs.shown.map((j) => j.id)).toEqual([8])
  })

  it('keeps the reason a start was refused until cleared, and forgets the last job on reset', async () => {
    const starter = new JobStarter(h.jobs)
    await starter.start(async () => job({ id: 3 }, 'cluster'))
    expect(await starter.start(() => Promise.reject(new Error('k must be at least 2')))).toBe(false)
    expect(starter.error).toBe('k must be at least 2')
    expect(starter.starting).toBe(false)
    expect(starter.jobId).toBe(3)
    starter.clearError()
    expect(starter.error).toBeNull()
    await starter.start(() => Promise.reject(new Error('again')))
    starter.reset()
    expect([starter.error, starter.jobId]).toEqual([null, null])
  })

  it('clears the previous refusal when a new start begins', async () => {
    const starter = new JobStarter(h.jobs)
    await starter.start(() => Promise.reject(new Error('refused')))
    const reply = defer<JobInfo>()
    const started = starter.start(() => reply.promise)
    expect(starter.error).toBeNull()
    reply.resolve(job({ id: 1 }))
    await started
  })
})

describe('followDatasetJobs', () => {
  it('passes on the events of the dataset shown at the time of each event only', async () => {
    let shown: number | null = 1
    const seen: string[] = []
    const off = followDatasetJobs(h.api, () => shown, {
      progress: (j) => seen.push(`progress ${j.id}`),
      finished: (j) => seen.push(`finished ${j.id}`)
    })
    h.api.emit('job:progress', job({ id: 1, datasetId: 1 }))
    h.api.emit('job:progress', job({ id: 2, datasetId: 2 }))
    h.api.emit('job:progress', job({ id: 3, datasetId: null }))
    shown = 2
    h.api.emit('job:finished', job({ id: 2, datasetId: 2, state: 'done' }))
    h.api.emit('job:finished', job({ id: 1, datasetId: 1, state: 'done' }))
    shown = null
    h.api.emit('job:finished', job({ id: 3, datasetId: null, state: 'done' }))
    await settle()
    expect(seen).toEqual(['progress 1', 'finished 2'])
    for (const unsubscribe of off) unsubscribe()
    // What is left is the job bar's own subscription.
    expect([h.api.listeners('job:progress'), h.api.listeners('job:finished')]).toEqual([1, 1])
  })

  it('subscribes only to the events it is given a listener for', () => {
    const off = followDatasetJobs(h.api, () => 1, { finished: () => {} })
    expect(off).toHaveLength(1)
    expect(h.api.listeners('job:progress')).toBe(1) // the job bar's
  })
})
