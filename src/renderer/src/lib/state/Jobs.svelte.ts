import { SvelteMap, SvelteSet } from 'svelte/reactivity'
import type { JobInfo, JobKind, LikenessApi } from '../../../../shared/contract'
// The contract re-exports types only; the constant comes from its own module.
import { FINISHED_JOB_STATES } from '../../../../shared/types/jobs'
import type { Toasts } from './Toasts.svelte'

/** How long a job that ended well stays in the bar with its summary line. */
const LINGER_MS = 20_000

export function isFinished(job: JobInfo): boolean {
  return FINISHED_JOB_STATES.includes(job.state)
}

/**
 * Events can overtake the reply of the call that caused them (a cancel reply saying "running" after
 * the "cancelled" event). Timestamps may have one-second resolution, so an ended job only comes
 * back to life with a strictly newer one, as a resumed job does.
 */
function isStale(current: JobInfo, incoming: JobInfo): boolean {
  if (incoming.updatedAt < current.updatedAt) return true
  return isFinished(current) && !isFinished(incoming) && incoming.updatedAt <= current.updatedAt
}

/**
 * The jobs shown in the job bar: everything queued or running, interrupted jobs until resumed or
 * dismissed, failed jobs until dismissed, and jobs that ended well for a short while.
 */
export class Jobs {
  #shown = $state.raw<JobInfo[]>([])
  #active = $derived(this.#shown.filter((job) => !isFinished(job)))
  #dismissed = new SvelteSet<number>()
  #timers = new SvelteMap<number, ReturnType<typeof setTimeout>>()

  readonly #api: LikenessApi
  readonly #toasts: Toasts
  readonly #unsubscribe: (() => void)[]

  constructor(api: LikenessApi, toasts: Toasts) {
    this.#api = api
    this.#toasts = toasts
    this.#unsubscribe = [
      api.on('job:progress', (job) => this.upsert(job)),
      api.on('job:finished', (job) => this.upsert(job))
    ]
  }

  get shown(): readonly JobInfo[] {
    return this.#shown
  }

  /** Whether an unfinished job (of `kind`, if given) works on this dataset (the sidebar marks it). */
  busy(datasetId: number, kind?: JobKind): boolean {
    return this.#active.some((job) => job.datasetId === datasetId && (kind === undefined || job.kind === kind))
  }

  /**
   * `afterOutage`: the list replaces what was learnt before the connection dropped. Not on the
   * first load, where a job the user starts meanwhile may be missing from a list asked for earlier.
   */
  async load(afterOutage = false): Promise<void> {
    try {
      const jobs = await this.#api.invoke('jobs:list', {})
      const known = this.#shown.map((job) => job.id)
      // Old finished jobs are history, not news: only what still needs attention is shown, plus
      // the new state of jobs already shown (they may have ended while the connection was down).
      for (const job of jobs) {
        if (!isFinished(job) || job.state === 'interrupted' || known.includes(job.id)) this.upsert(job)
      }
      if (afterOutage) {
        // A running job the engine no longer lists died with an engine restart; it cannot report again.
        this.#shown = this.#shown.filter((job) => isFinished(job) || jobs.some((j) => j.id === job.id))
      }
    } catch (error) {
      this.#toasts.failed('Could not load the running jobs', error)
    }
  }

  upsert(job: JobInfo): void {
    if (isFinished(job) && this.#dismissed.has(job.id)) return
    this.#dismissed.delete(job.id)
    const index = this.#shown.findIndex((j) => j.id === job.id)
    if (index >= 0 && isStale(this.#shown[index]!, job)) return
    this.#shown = index >= 0 ? this.#shown.with(index, job) : [...this.#shown, job]
    if (job.state === 'done' || job.state === 'cancelled') this.#hideLater(job.id)
  }

  async cancel(id: number): Promise<void> {
    try {
      this.upsert(await this.#api.invoke('jobs:cancel', { id }))
    } catch (error) {
      this.#toasts.failed('Could not cancel the job', error)
    }
  }

  async resume(id: number): Promise<void> {
    try {
      this.upsert(await this.#api.invoke('jobs:resume', { id }))
    } catch (error) {
      this.#toasts.failed('Could not resume the job', error)
    }
  }

  dismiss(id: number): void {
    this.#dismissed.add(id)
    this.#shown = this.#shown.filter((job) => job.id !== id)
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
    for (const timer of this.#timers.values()) clearTimeout(timer)
  }

  #hideLater(id: number): void {
    if (this.#timers.has(id)) return
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id)
        const job = this.#shown.find((j) => j.id === id)
        if (job && (job.state === 'done' || job.state === 'cancelled')) this.dismiss(id)
      }, LINGER_MS)
    )
  }
}
