import type { FeatureMethodInfo, FeatureSetInfo, FeaturesRequest, JobInfo, LikenessApi } from '../../../../shared/contract'
import { errorMessage } from '../errors'
import { Throttled } from '../throttled'
import type { Jobs } from './Jobs.svelte'
import type { Toasts } from './Toasts.svelte'

/** At most one refetch of the sets this often while an import adds vectors to its HOG set. */
const REFETCH_MS = 2_000

/** The feature methods the engine offers, and the feature sets of the selected dataset. */
export class Features {
  #methods = $state.raw<FeatureMethodInfo[]>([])
  #datasetId = $state<number | null>(null)
  #sets = $state.raw<FeatureSetInfo[] | null>(null)
  #open = $state(false)
  #starting = $state(false)
  /** Why the last compute request was refused; the form shows it beside the fields that caused it. */
  #startError = $state<string | null>(null)
  #removing = $state.raw<readonly number[]>([])
  /** Increases on every fetch, so a slow reply for an older request never overwrites a newer one. */
  #request = 0
  #methodsRequest: Promise<void> | null = null

  readonly #api: LikenessApi
  readonly #jobs: Jobs
  readonly #toasts: Toasts
  readonly #refetcher = new Throttled(() => this.#fetch(), REFETCH_MS)
  readonly #unsubscribe: (() => void)[]

  constructor(api: LikenessApi, jobs: Jobs, toasts: Toasts) {
    this.#api = api
    this.#jobs = jobs
    this.#toasts = toasts
    const mine = (job: JobInfo): boolean => job.datasetId !== null && job.datasetId === this.#datasetId
    this.#unsubscribe = [
      api.on('features:changed', ({ datasetId }) => {
        if (datasetId === this.#datasetId) this.#refetcher.now()
      }),
      // An image import fills the HOG set as it reads: its counts grow with the import's progress.
      api.on('job:progress', (job) => {
        if (job.kind === 'import' && mine(job)) this.#refetcher.request()
      }),
      api.on('job:finished', (job) => {
        if (mine(job)) this.#refetcher.now()
      })
    ]
  }

  get methods(): readonly FeatureMethodInfo[] {
    return this.#methods
  }
  get datasetId(): number | null {
    return this.#datasetId
  }
  /** The sets of the selected dataset; null until they are loaded. */
  get sets(): readonly FeatureSetInfo[] | null {
    return this.#sets
  }
  /** Whether the panel is unfolded; it stays so from one dataset to the next. */
  get open(): boolean {
    return this.#open
  }
  set open(value: boolean) {
    this.#open = value
  }
  get starting(): boolean {
    return this.#starting
  }
  get startError(): string | null {
    return this.#startError
  }

  removing(id: number): boolean {
    return this.#removing.includes(id)
  }

  show(datasetId: number | null): void {
    if (datasetId === this.#datasetId) return
    this.#datasetId = datasetId
    this.#sets = null
    this.#startError = null
    if (datasetId !== null) this.#refetcher.now()
  }

  /** Loads the methods if they are not known yet, and the sets of the selected dataset again. */
  refresh(): void {
    if (this.#methods.length === 0) void this.#loadMethods()
    if (this.#datasetId !== null) this.#refetcher.now()
  }

  clearStartError(): void {
    this.#startError = null
  }

  /** Returns whether the job started; its progress shows in the job bar like an import's. */
  async start(request: FeaturesRequest): Promise<boolean> {
    this.#startError = null
    this.#starting = true
    try {
      this.#jobs.upsert(await this.#api.invoke('features:start', request))
      return true
    } catch (error) {
      this.#startError = errorMessage(error)
      return false
    } finally {
      this.#starting = false
    }
  }

  async remove(id: number): Promise<void> {
    this.#removing = [...this.#removing, id]
    try {
      await this.#api.invoke('features:remove', { id })
      // The `features:changed` event refetches too; the row goes now even if that event is lost.
      this.#sets = this.#sets?.filter((set) => set.id !== id) ?? null
    } catch (error) {
      this.#toasts.failed('Could not remove the feature set', error)
    } finally {
      this.#removing = this.#removing.filter((r) => r !== id)
    }
  }

  dispose(): void {
    this.#refetcher.dispose()
    for (const off of this.#unsubscribe) off()
  }

  #loadMethods(): Promise<void> {
    this.#methodsRequest ??= this.#api
      .invoke('features:methods', {})
      .then(
        (methods) => {
          this.#methods = methods
        },
        (error: unknown) => this.#toasts.failed('Could not load the feature methods', error)
      )
      .finally(() => (this.#methodsRequest = null))
    return this.#methodsRequest
  }

  async #fetch(): Promise<void> {
    const datasetId = this.#datasetId
    if (datasetId === null) return
    const request = ++this.#request
    try {
      const sets = await this.#api.invoke('features:list', { datasetId })
      if (request === this.#request && datasetId === this.#datasetId) this.#sets = sets
    } catch (error) {
      if (request === this.#request) this.#toasts.failed('Could not load the feature sets of this dataset', error)
    }
  }
}
