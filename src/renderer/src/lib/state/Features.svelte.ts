import type { FeatureMethodInfo, FeatureSetInfo, FeaturesRequest, LikenessApi } from '../../../../shared/contract'
import { Throttled } from '../throttled'
import { followDatasetJobs, JobStarter } from './follow-job.svelte'
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
  #removing = $state.raw<readonly number[]>([])
  /** Increases on every fetch, so a slow reply for an older request never overwrites a newer one. */
  #request = 0
  #methodsRequest: Promise<void> | null = null

  readonly #api: LikenessApi
  readonly #starter: JobStarter
  readonly #toasts: Toasts
  readonly #refetcher = new Throttled(() => this.#fetch(), REFETCH_MS)
  readonly #unsubscribe: (() => void)[]

  constructor(api: LikenessApi, jobs: Jobs, toasts: Toasts) {
    this.#api = api
    this.#starter = new JobStarter(jobs)
    this.#toasts = toasts
    this.#unsubscribe = [
      api.on('features:changed', ({ datasetId }) => {
        if (datasetId === this.#datasetId) this.#refetcher.now()
      }),
      ...followDatasetJobs(api, () => this.#datasetId, {
        // An image import fills the HOG set as it reads: its counts grow with the import's progress.
        progress: (job) => {
          if (job.kind === 'import') this.#refetcher.request()
        },
        finished: () => this.#refetcher.now()
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
    return this.#starter.starting
  }
  /** Why the last compute request was refused; the form shows it beside the fields that caused it. */
  get startError(): string | null {
    return this.#starter.error
  }

  removing(id: number): boolean {
    return this.#removing.includes(id)
  }

  show(datasetId: number | null): void {
    if (datasetId === this.#datasetId) return
    this.#datasetId = datasetId
    this.#sets = null
    this.#starter.reset()
    if (datasetId !== null) this.#refetcher.now()
  }

  /** Loads the methods if they are not known yet, and the sets of the selected dataset again. */
  refresh(): void {
    if (this.#methods.length === 0) void this.#loadMethods()
    if (this.#datasetId !== null) this.#refetcher.now()
  }

  clearStartError(): void {
    this.#starter.clearError()
  }

  /** Returns whether the job started; its progress shows in the job bar like an import's. */
  start(request: FeaturesRequest): Promise<boolean> {
    return this.#starter.start(() => this.#api.invoke('features:start', request))
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
