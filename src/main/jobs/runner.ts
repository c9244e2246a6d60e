import { MAX_PROGRESS_EVENTS_PER_SECOND, type JobInfo, type JobKind, type JobOf, type JobProgress, type JobResult, type JobResults } from '../../shared/contract'
import type { JobsRepo } from '../store/repos/jobs'
import type { EventBus } from '../app/events'
import { toErrorInfo } from './messages'

const PERSIST_PROGRESS_MS = 1000

export interface JobContext {
  readonly signal: AbortSignal
  /** Reports progress; forwarded at most MAX_PROGRESS_EVENTS_PER_SECOND times a second. */
  progress(p: JobProgress): void
  /** Records which dataset the job works on, once it is known. */
  setDataset(id: number): void
}

export type JobWork<K extends JobKind = JobKind> = (ctx: JobContext) => Promise<JobResults[K] | null>

export class JobCancelledError extends Error {
  override name = 'cancelled'
  constructor(message = 'Cancelled.') {
    super(message)
  }
}

/**
 * Runs jobs, keeps their state in the library and pushes their progress. A job's state is
 * persisted at every transition, so a killed process leaves it 'running' and the next start
 * marks it 'interrupted'.
 */
export class JobRunner {
  private readonly active = new Map<number, { controller: AbortController; done: Promise<JobInfo> }>()

  constructor(private readonly jobs: JobsRepo, private readonly bus: EventBus, private readonly now = () => Date.now()) {}

  isRunning(id: number): boolean {
    return this.active.has(id)
  }

  /** Starts a job; the returned promise settles with its final record (never rejects). */
  start<K extends JobKind>(job: JobOf<K>, work: JobWork<K>): Promise<JobOf<K>> {
    if (this.active.has(job.id)) throw new Error(`Job ${job.id} is already running.`)
    const controller = new AbortController()
    const done = this.execute(job, work as JobWork, controller)
    this.active.set(job.id, { controller, done })
    void done.finally(() => this.active.delete(job.id))
    // The record comes back from the same row, so its kind is the one it started with.
    return done as Promise<JobOf<K>>
  }

  /** Asks a job to stop; resolves once it has (work checks its signal between items). */
  async cancel(id: number): Promise<JobInfo | undefined> {
    const entry = this.active.get(id)
    if (!entry) return this.jobs.get(id)
    entry.controller.abort(new JobCancelledError())
    return entry.done
  }

  async cancelAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.cancel(id)))
  }

  private async execute(job: JobInfo, work: JobWork, controller: AbortController): Promise<JobInfo> {
    let last = this.jobs.update(job.id, { state: 'running', error: null, result: null })
    this.bus.emit('job:progress', last)
    const minGap = 1000 / MAX_PROGRESS_EVENTS_PER_SECOND
    let lastSent = 0
    let pending: JobProgress | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    let finished = false
    let lastSaved = 0
    const flush = (final = false): void => {
      timer = null
      if (!pending) return
      // A timer may fire a few milliseconds early (the event loop's clock is cached): wait out the rest.
      const early = lastSent + minGap - this.now()
      if (early > 0 && !final) {
        timer = setTimeout(() => flush(), early)
        return
      }
      lastSent = this.now()
      // Events go out up to ten times a second; the library records progress once a second, since
      // each write waits for the disk (synchronous=FULL) and blocks the main thread meanwhile.
      if (lastSent - lastSaved >= PERSIST_PROGRESS_MS) {
        lastSaved = lastSent
        last = this.jobs.update(job.id, { progress: pending })
      } else {
        last = { ...last, progress: pending, updatedAt: new Date(lastSent).toISOString() }
      }
      pending = null
      this.bus.emit('job:progress', last)
    }
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (p) => {
        if (finished) return
        pending = p
        // A timer already set will send the newest progress: sending now too would break the gap.
        if (timer) return
        const wait = lastSent + minGap - this.now()
        if (wait <= 0) flush()
        else timer = setTimeout(() => flush(), wait)
      },
      setDataset: (id) => {
        last = this.jobs.update(job.id, { datasetId: id })
      }
    }
    let final: JobInfo
    try {
      const result = await work(ctx)
      if (timer) clearTimeout(timer)
      if (pending) flush(true)
      final = this.jobs.update(job.id, { state: controller.signal.aborted ? 'cancelled' : 'done', result, progress: last.progress })
    } catch (err) {
      if (timer) clearTimeout(timer)
      if (pending) flush(true)
      const cancelled = controller.signal.aborted
      final = this.jobs.update(job.id, {
        state: cancelled ? 'cancelled' : 'failed',
        progress: last.progress,
        error: cancelled
          ? { kind: 'cancelled', message: err instanceof JobCancelledError && err.message !== 'Cancelled.' ? `Cancelled by the user. ${err.message}` : 'Cancelled by the user.' }
          : toErrorInfo(err),
        result: (err as { partial?: JobResult }).partial ?? null
      })
    }
    finished = true
    this.bus.emit('job:finished', final)
    return final
  }
}
