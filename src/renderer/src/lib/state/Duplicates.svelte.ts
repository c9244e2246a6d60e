import type { DuplicatesResult, JobInfo, LikenessApi } from '../../../../shared/contract'
import { DEFAULT_DUPLICATE_THRESHOLD } from '../../../../shared/types/duplicates'
import { JobStarter, followDatasetJobs } from './follow-job.svelte'
import { isFinished, type Jobs } from './Jobs.svelte'
import type { Toasts } from './Toasts.svelte'

/**
 * The near-duplicate view of one dataset: the last search's groups (kept by the engine, so they
 * show again when the dataset is reopened), the threshold the user sets, and the search running now.
 */
export class Duplicates {
  #datasetId = $state<number | null>(null)
  #result = $state.raw<DuplicatesResult | null>(null)
  #loaded = $state(false)
  #threshold = $state(DEFAULT_DUPLICATE_THRESHOLD)
  #request = 0

  readonly #api: LikenessApi
  readonly #jobs: Jobs
  readonly #toasts: Toasts
  readonly #starter: JobStarter
  readonly #unsubscribe: (() => void)[]

  constructor(api: LikenessApi, jobs: Jobs, toasts: Toasts) {
    this.#api = api
    this.#jobs = jobs
    this.#toasts = toasts
    this.#starter = new JobStarter(jobs)
    this.#unsubscribe = followDatasetJobs(api, () => this.#datasetId, {
      finished: (job) => {
        if (job.kind === 'duplicates' && job.state === 'done') void this.#fetch()
      }
    })
  }

  get result(): DuplicatesResult | null {
    return this.#result
  }
  /** False until the last search (or its absence) is known. */
  get loaded(): boolean {
    return this.#loaded
  }
  get threshold(): number {
    return this.#threshold
  }
  set threshold(bits: number) {
    this.#threshold = Math.max(0, Math.min(32, Math.round(bits)))
  }
  get defaultThreshold(): number {
    return DEFAULT_DUPLICATE_THRESHOLD
  }
  get starting(): boolean {
    return this.#starter.starting
  }
  get error(): string | null {
    return this.#starter.error
  }
  /** The search running on this dataset, if any. */
  get job(): JobInfo | null {
    return this.#jobs.shown.find((j) => j.kind === 'duplicates' && j.datasetId === this.#datasetId && !isFinished(j)) ?? null
  }

  show(datasetId: number): void {
    if (datasetId === this.#datasetId) return
    this.#datasetId = datasetId
    this.#result = null
    this.#loaded = false
    this.#starter.reset()
    void this.#fetch()
  }

  async find(): Promise<void> {
    const datasetId = this.#datasetId
    if (datasetId === null) return
    const threshold = this.#threshold
    await this.#starter.start(() => this.#api.invoke('duplicates:start', { datasetId, ...(threshold !== DEFAULT_DUPLICATE_THRESHOLD && { threshold }) }))
  }

  async #fetch(): Promise<void> {
    const datasetId = this.#datasetId
    if (datasetId === null) return
    const request = ++this.#request
    try {
      const result = await this.#api.invoke('duplicates:get', { datasetId })
      if (request !== this.#request) return
      this.#result = result
      if (result && result.thresholdReason.startsWith('Chosen')) this.#threshold = result.threshold
    } catch (error) {
      this.#toasts.failed('Could not load the near duplicates', error)
    } finally {
      if (request === this.#request) this.#loaded = true
    }
  }

  dispose(): void {
    for (const off of this.#unsubscribe) off()
  }
}
