import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_PROGRESS_EVENTS_PER_SECOND, type ImportSummary, type JobInfo } from '../../shared/contract'
import { EventBus } from '../app/events'
import { openLibrary } from '../store/connection'
import { JobsRepo } from '../store/repos/jobs'
import { JobCancelledError, JobRunner, type JobContext } from './runner'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const summary: ImportSummary = {
  datasetId: 1, found: 3, processed: 3, unchanged: 0, ok: 3, partial: 0, errors: 0, duplicates: 0, missing: 0,
  skipped: [], seconds: 0.1
}

interface Seen {
  event: 'job:progress' | 'job:finished'
  at: number
  job: JobInfo
}

let db: Database
let jobs: JobsRepo
let bus: EventBus
let runner: JobRunner
let seen: Seen[]

beforeEach(() => {
  db = openLibrary(':memory:')
  jobs = new JobsRepo(db)
  bus = new EventBus()
  runner = new JobRunner(jobs, bus)
  seen = []
  bus.on('job:progress', (job) => seen.push({ event: 'job:progress', at: performance.now(), job }))
  bus.on('job:finished', (job) => seen.push({ event: 'job:finished', at: performance.now(), job }))
})

afterEach(async () => {
  await runner.cancelAll()
  db.close()
})

const newJob = (): JobInfo => jobs.create('import', 'Import of test', null, { root: '/test' })

describe('JobRunner progress', () => {
  it('forwards at most about ten progress events a second and persists the last one reported', async () => {
    const calls = 10_000
    let started = 0
    let ended = 0
    const final = await runner.start(newJob(), async (ctx) => {
      started = performance.now()
      for (let i = 1; i <= calls; i++) {
        ctx.progress({ phase: 'Reading images', done: i, total: calls })
        // About 300 ms in all, letting timers run between bursts.
        if (i % 100 === 0) await sleep(3)
      }
      ended = performance.now()
      return summary
    })

    const progress = seen.filter((s) => s.event === 'job:progress')
    const seconds = (ended - started) / 1000
    expect(seconds).toBeGreaterThan(0.2)
    // One for the start, one for each 100 ms window (plus one for the first call), one final flush.
    const allowed = Math.ceil(seconds * MAX_PROGRESS_EVENTS_PER_SECOND) + 3
    expect(progress.length).toBeLessThanOrEqual(allowed)
    expect(progress.length).toBeGreaterThanOrEqual(3)

    // Between the start event and the final flush, throttled events are at least ~100 ms apart.
    const throttled = progress.slice(1, -1)
    for (let i = 1; i < throttled.length; i++) {
      expect(throttled[i]!.at - throttled[i - 1]!.at).toBeGreaterThanOrEqual(1000 / MAX_PROGRESS_EVENTS_PER_SECOND - 5)
    }

    const last = { phase: 'Reading images', done: calls, total: calls }
    expect(progress.at(-1)?.job.progress).toEqual(last)
    expect(jobs.get(final.id)?.progress).toEqual(last)
    expect(final.progress).toEqual(last)
    expect(final.state).toBe('done')
  })

  it('never forwards two progress events closer than the minimum gap, even when its timer runs late', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      let clock = 1000
      const clocked = new JobRunner(jobs, bus, () => clock)
      const sentAt: number[] = []
      bus.on('job:progress', () => sentAt.push(clock))
      let ctx!: JobContext
      let finish!: () => void
      const done = clocked.start(newJob(), (c) => {
        ctx = c
        return new Promise((resolve) => (finish = () => resolve(null)))
      })
      const p = (n: number): { phase: string; done: number; total: number } => ({ phase: 'Reading images', done: n, total: 10 })
      ctx.progress(p(1)) // 1000: the first report goes out at once
      clock = 1050
      ctx.progress(p(2)) // held: the next may go out at 1100
      clock = 1150 // the work kept the event loop busy, so the timer has not run yet
      ctx.progress(p(3))
      clock = 1151
      ctx.progress(p(4))
      clock = 1160
      await vi.advanceTimersByTimeAsync(60) // the late timer runs now
      clock = 1260
      await vi.advanceTimersByTimeAsync(100)
      finish()
      const final = await done

      const throttled = sentAt.slice(1) // the first event announces the start
      for (let i = 1; i < throttled.length; i++) {
        expect(throttled[i]! - throttled[i - 1]!, `events at ${throttled.join(', ')}`).toBeGreaterThanOrEqual(
          1000 / MAX_PROGRESS_EVENTS_PER_SECOND
        )
      }
      expect(final.progress).toEqual(p(4))
    } finally {
      vi.useRealTimers()
    }
  })

  it('sends every throttled event but writes progress to the library at most once a second, and the last one at the end', async () => {
    let clock = 1000
    const clocked = new JobRunner(jobs, bus, () => clock)
    const events: number[] = []
    bus.on('job:progress', (j) => events.push(j.progress.done))
    const stored: number[] = []
    let ctx!: JobContext
    let finish!: () => void
    const job = newJob()
    const done = clocked.start(job, (c) => {
      ctx = c
      return new Promise((resolve) => (finish = () => resolve(null)))
    })
    const report = (at: number, n: number): void => {
      clock = at
      ctx.progress({ phase: 'Reading images', done: n, total: 10 })
      stored.push(jobs.get(job.id)!.progress.done)
    }
    // Each report is past the 100 ms gap, so each goes out at once.
    report(1000, 1) // written: the first
    report(1100, 2) // 100 ms after the last write: event only
    report(1900, 3) // 900 ms: event only
    report(2000, 4) // 1000 ms: written
    report(2500, 5) // event only
    expect(events.slice(1)).toEqual([1, 2, 3, 4, 5])
    expect(stored).toEqual([1, 1, 1, 4, 4])
    finish()
    const final = await done
    expect(final.progress.done).toBe(5)
    expect(jobs.get(job.id)?.progress.done).toBe(5)
  })

  it('announces the start as a running job before any work is reported', async () => {
    const job = newJob()
    await runner.start(job, async () => null)
    expect(seen[0]?.event).toBe('job:progress')
    expect(seen[0]?.job).toMatchObject({ id: job.id, state: 'running' })
    expect(seen.at(-1)?.event).toBe('job:finished')
    expect(seen.filter((s) => s.event === 'job:finished')).toHaveLength(1)
  })

  it('persists a pending progress when a job fails right after reporting it', async () => {
    const job = newJob()
    const final = await runner.start(job, async (ctx) => {
      ctx.progress({ phase: 'a', done: 1, total: 3 })
      ctx.progress({ phase: 'a', done: 2, total: 3 })
      throw new Error('boom')
    })
    expect(final.progress).toEqual({ phase: 'a', done: 2, total: 3 })
    expect(jobs.get(job.id)?.progress).toEqual({ phase: 'a', done: 2, total: 3 })
  })

  it('ignores progress reported after the job has finished', async () => {
    let late: ((n: number) => void) | undefined
    const job = newJob()
    const final = await runner.start(job, async (ctx) => {
      ctx.progress({ phase: 'x', done: 1, total: 1 })
      late = (n) => ctx.progress({ phase: 'late', done: n, total: null })
      return null
    })
    const count = seen.length
    late!(5)
    await sleep(150)
    expect(seen.length).toBe(count)
    expect(jobs.get(job.id)?.progress).toEqual(final.progress)
    expect(jobs.get(job.id)?.state).toBe('done')
  })

  it('records the dataset a job works on', async () => {
    const datasetId = Number(db.prepare(`INSERT INTO datasets (name, root) VALUES ('d', '/d')`).run().lastInsertRowid)
    const final = await runner.start(newJob(), async (ctx) => {
      ctx.setDataset(datasetId)
      return null
    })
    expect(final.datasetId).toBe(datasetId)
  })
})

describe('JobRunner outcomes', () => {
  it('ends done with the result the work returned', async () => {
    const job = newJob()
    const final = await runner.start(job, async () => summary)
    expect(final).toMatchObject({ id: job.id, state: 'done', result: summary, error: null })
    expect(jobs.get(job.id)).toMatchObject({ state: 'done', result: summary })
    expect(seen.at(-1)).toMatchObject({ event: 'job:finished', job: { id: job.id, state: 'done', result: summary } })
    expect(runner.isRunning(job.id)).toBe(false)
  })

  it('ends failed with the kind and message of the thrown error, and announces it', async () => {
    const job = newJob()
    const final = await runner.start(job, async () => {
      throw Object.assign(new Error('The disk is full. Free some space and import again.'), { kind: 'disk-full' })
    })
    expect(final.state).toBe('failed')
    expect(final.error).toEqual({ kind: 'disk-full', message: 'The disk is full. Free some space and import again.' })
    expect(jobs.get(job.id)?.error).toEqual(final.error)
    const finished = seen.filter((s) => s.event === 'job:finished')
    expect(finished).toHaveLength(1)
    expect(finished[0]?.job).toMatchObject({ id: job.id, state: 'failed', error: final.error })
  })

  it('uses the error name as kind when there is no kind, and keeps a partial result', async () => {
    class FolderGone extends Error {
      override name = 'folder-gone'
    }
    const final = await runner.start(newJob(), async () => {
      throw Object.assign(new FolderGone('The folder was removed.'), { partial: summary })
    })
    expect(final).toMatchObject({ state: 'failed', error: { kind: 'folder-gone', message: 'The folder was removed.' }, result: summary })
  })

  it('turns a thrown non-error into an error record', async () => {
    const final = await runner.start(newJob(), () => Promise.reject('plain text'))
    expect(final).toMatchObject({ state: 'failed', error: { kind: 'error', message: 'plain text' } })
  })

  it('clears the error and result of an earlier run when a job runs again', async () => {
    const job = newJob()
    await runner.start(job, async () => {
      throw new Error('first')
    })
    const again = await runner.start(job, async () => summary)
    expect(again).toMatchObject({ state: 'done', error: null, result: summary })
  })

  it('refuses to start a job that is already running', async () => {
    const job = newJob()
    let release!: () => void
    const done = runner.start(job, () => new Promise((r) => (release = () => r(null))))
    expect(runner.isRunning(job.id)).toBe(true)
    expect(() => runner.start(job, async () => null)).toThrow(/already running/)
    release()
    expect((await done).state).toBe('done')
  })
})

describe('JobRunner cancel', () => {
  it('stops a job that checks its signal and marks it cancelled', async () => {
    const job = newJob()
    let loops = 0
    const done = runner.start(job, async (ctx) => {
      while (!ctx.signal.aborted) {
        loops++
        await sleep(10)
      }
      return null
    })
    await sleep(50)
    const cancelled = await runner.cancel(job.id)
    expect(loops).toBeGreaterThan(0)
    expect(cancelled?.state).toBe('cancelled')
    expect((await done).state).toBe('cancelled')
    expect(jobs.get(job.id)?.state).toBe('cancelled')
    expect(runner.isRunning(job.id)).toBe(false)
    expect(seen.at(-1)).toMatchObject({ event: 'job:finished', job: { state: 'cancelled' } })
  })

  it('marks a job that throws its abort reason cancelled, not failed', async () => {
    const job = newJob()
    const done = runner.start(job, async (ctx) => {
      while (!ctx.signal.aborted) await sleep(10)
      expect(ctx.signal.reason).toBeInstanceOf(JobCancelledError)
      throw ctx.signal.reason
    })
    await sleep(30)
    // The job never ends by itself, so the cancel settling at all means it was heard.
    const cancelled = await runner.cancel(job.id)
    expect(cancelled).toMatchObject({ state: 'cancelled', error: { kind: 'cancelled' } })
    expect((await done).state).toBe('cancelled')
  })

  it('gives the stored record for a job that is not running', async () => {
    const job = newJob()
    await runner.start(job, async () => summary)
    expect(await runner.cancel(job.id)).toMatchObject({ id: job.id, state: 'done' })
    expect(await runner.cancel(98765)).toBeUndefined()
  })

  it('cancels every running job', async () => {
    const work = async (ctx: { signal: AbortSignal }): Promise<null> => {
      while (!ctx.signal.aborted) await sleep(10)
      return null
    }
    const a = newJob()
    const b = newJob()
    const doneA = runner.start(a, work)
    const doneB = runner.start(b, work)
    await runner.cancelAll()
    expect((await doneA).state).toBe('cancelled')
    expect((await doneB).state).toBe('cancelled')
  })
})
