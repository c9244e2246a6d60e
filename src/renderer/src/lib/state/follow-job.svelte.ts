import type { JobInfo, LikenessApi } from '../../../../shared/contract'
import { errorMessage } from '../errors'
import type { Jobs } from './Jobs.svelte'

/**
 * A panel's form that starts jobs (features, clustering): whether a start is on its way, why the
 * engine refused the last one (the form shows it beside its fields), and the job last started.
 * The job itself shows in the job bar from its first reply on.
 */
export class JobStarter {
  #starting = $state(false)
  #error = $state<string | null>(null)
  #jobId = $state<number | null>(null)

  readonly #jobs: Jobs

  constructor(jobs: Jobs) {
    this.#jobs = jobs
  }

  get starting(): boolean {
    return this.#starting
  }
  get error(): string | null {
    return this.#error
  }
  /** The last job this form started, if any. */
  get jobId(): number | null {
    return this.#jobId
  }

  clearError(): void {
    this.#error = null
  }

  /** Forgets the last job and its refusal, when the panel turns to another dataset. */
  reset(): void {
    this.#error = null
    this.#jobId = null
  }

  /** Returns whether the job started. */
  async start(call: () => Promise<JobInfo>): Promise<boolean> {
    this.#error = null
    this.#starting = true
    try {
      const job = await call()
      this.#jobs.upsert(job)
      this.#jobId = job.id
      return true
    } catch (error) {
      this.#error = errorMessage(error)
      return false
    } finally {
      this.#starting = false
    }
  }
}

export interface DatasetJobListeners {
  progress?: (job: JobInfo) => void
  finished?: (job: JobInfo) => void
}

/**
 * Follows the jobs of the dataset a panel shows: `datasetId` is asked on every event, so the
 * panel may turn to another dataset without subscribing again. Returns the unsubscribe functions.
 */
export function followDatasetJobs(
  api: LikenessApi,
  datasetId: () => number | null,
  listeners: DatasetJobListeners
): (() => void)[] {
  const mine = (job: JobInfo): boolean => job.datasetId !== null && job.datasetId === datasetId()
  const { progress, finished } = listeners
  return [
    ...(progress ? [api.on('job:progress', (job) => mine(job) && progress(job))] : []),
    ...(finished ? [api.on('job:finished', (job) => mine(job) && finished(job))] : [])
  ]
}
