import type { JobInfo, LikenessApi, ReportFormat, RunRequest, RunSettings, RunSummary } from '../../../../shared/contract'
import { saveText } from '../download'
import { errorMessage } from '../errors'
import { draftFrom, type RunDraft } from '../run-form'
import { Throttled } from '../throttled'
import { followDatasetJobs, JobStarter } from './follow-job.svelte'
import type { Jobs } from './Jobs.svelte'
import { RunView } from './RunView.svelte'
import type { Toasts } from './Toasts.svelte'

/** Runs are few and small in the list; a burst of changes still costs one refetch this often. */
const REFETCH_MS = 1_000

/** What became of the last report asked for, shown beside the history. */
export interface ReportNote {
  runId: number
  format: ReportFormat
  message: string
  failed: boolean
}

/**
 * The clustering runs of the selected dataset: the history, the run opened on the map, and the
 * run panel's fields, which opening a run fills with the settings it was made with.
 */
export class Runs {
  #datasetId = $state<number | null>(null)
  #list = $state.raw<RunSummary[] | null>(null)
  #view = $state.raw<RunView | null>(null)
  #opening = $state<number | null>(null)
  #defaults = $state.raw<RunSettings | null>(null)
  #draft = $state<RunDraft | null>(null)
  #featureSetId = $state<number | null>(null)
  #removing = $state.raw<readonly number[]>([])
  #reporting = $state<ReportFormat | null>(null)
  #reportNote = $state.raw<ReportNote | null>(null)
  /** Increase on every fetch, so a slow reply for an older request never overwrites a newer one. */
  #listRequest = 0
  #openRequest = 0

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
      api.on('runs:changed', ({ datasetId }) => {
        if (datasetId === this.#datasetId) this.#refetcher.now()
      }),
      ...followDatasetJobs(api, () => this.#datasetId, { finished: (job) => this.#finished(job) })
    ]
  }

  get datasetId(): number | null {
    return this.#datasetId
  }
  /** Newest first; null until loaded. */
  get list(): readonly RunSummary[] | null {
    return this.#list
  }
  get view(): RunView | null {
    return this.#view
  }
  /** The id of the run being fetched to open, if any. */
  get opening(): number | null {
    return this.#opening
  }
  get defaults(): RunSettings | null {
    return this.#defaults
  }
  /** The panel's fields; null until the engine's defaults are known. */
  get draft(): RunDraft | null {
    return this.#draft
  }
  get featureSetId(): number | null {
    return this.#featureSetId
  }
  set featureSetId(id: number | null) {
    this.#featureSetId = id
  }
  get starting(): boolean {
    return this.#starter.starting
  }
  get startError(): string | null {
    return this.#starter.error
  }
  /** The last job started from the panel; its progress and failure show there. */
  get jobId(): number | null {
    return this.#starter.jobId
  }
  get reporting(): ReportFormat | null {
    return this.#reporting
  }
  get reportNote(): ReportNote | null {
    return this.#reportNote
  }

  removing(id: number): boolean {
    return this.#removing.includes(id)
  }

  show(datasetId: number | null): void {
    if (datasetId === this.#datasetId) return
    this.#datasetId = datasetId
    this.#list = null
    this.#view = null
    this.#opening = null
    this.#featureSetId = null
    this.#starter.reset()
    this.#reportNote = null
    if (datasetId !== null) this.#refetcher.now()
  }

  refresh(): void {
    if (this.#defaults === null) void this.#loadDefaults()
    if (this.#datasetId !== null) this.#refetcher.now()
  }

  clearStartError(): void {
    this.#starter.clearError()
  }

  /** The panel's fields back to the engine's defaults. */
  resetDraft(): void {
    if (this.#defaults) this.#draft = draftFrom(this.#defaults)
    this.#starter.clearError()
  }

  /** Returns whether the job started; the panel and the job bar follow its stages. */
  start(request: RunRequest): Promise<boolean> {
    return this.#starter.start(() => this.#api.invoke('runs:start', request))
  }

  /** Shows a stored run exactly as it was computed, and puts its settings back into the panel. */
  /** Puts the open run away (the browser's Back to a place without one); the runs stay listed. */
  close(): void {
    this.#view = null
  }

  async open(id: number): Promise<void> {
    const request = ++this.#openRequest
    const datasetId = this.#datasetId
    this.#opening = id
    try {
      const run = await this.#api.invoke('runs:get', { id })
      if (request !== this.#openRequest || run.datasetId !== datasetId) return
      this.#view = new RunView(run)
      this.#draft = draftFrom(run.settings)
      this.#featureSetId = run.featureSetId
      this.#starter.clearError()
    } catch (error) {
      if (request === this.#openRequest) this.#toasts.failed('Could not open the run', error)
    } finally {
      if (request === this.#openRequest) this.#opening = null
    }
  }

  async remove(id: number): Promise<void> {
    this.#removing = [...this.#removing, id]
    try {
      await this.#api.invoke('runs:remove', { id })
      // `runs:changed` refetches too; the row goes now even if that event is lost.
      this.#list = this.#list?.filter((run) => run.id !== id) ?? null
      if (this.#view?.run.id === id) this.#view = null
    } catch (error) {
      this.#toasts.failed('Could not delete the run', error)
    } finally {
      this.#removing = this.#removing.filter((r) => r !== id)
    }
  }

  /** HTML, CSV and JSON come back as text and are saved as a download; the desktop app saves a PDF itself. */
  async report(id: number, format: ReportFormat): Promise<void> {
    this.#reporting = format
    this.#reportNote = null
    try {
      const { fileName, text, savedPath } = await this.#api.invoke('runs:report', { id, format })
      if (text !== null && format !== 'pdf') {
        saveText(fileName, text, format)
        this.#reportNote = { runId: id, format, message: `Saved ${fileName} to your downloads.`, failed: false }
      } else if (savedPath !== null) {
        this.#reportNote = { runId: id, format, message: `Saved the PDF to ${savedPath}.`, failed: false }
      }
    } catch (error) {
      this.#reportNote = { runId: id, format, message: errorMessage(error), failed: true }
    } finally {
      this.#reporting = null
    }
  }

  dispose(): void {
    this.#refetcher.dispose()
    for (const off of this.#unsubscribe) off()
  }

  #finished(job: JobInfo): void {
    if (job.kind !== 'cluster') return
    this.#refetcher.now()
    // The run just made is what the user is waiting for: show it.
    if (job.state === 'done' && job.result) void this.open(job.result.runId)
  }

  async #loadDefaults(): Promise<void> {
    try {
      const defaults = await this.#api.invoke('runs:defaults', {})
      this.#defaults = defaults
      this.#draft ??= draftFrom(defaults)
    } catch (error) {
      this.#toasts.failed('Could not load the clustering defaults', error)
    }
  }

  async #fetch(): Promise<void> {
    const datasetId = this.#datasetId
    if (datasetId === null) return
    const request = ++this.#listRequest
    try {
      const list = await this.#api.invoke('runs:list', { datasetId })
      if (request === this.#listRequest && datasetId === this.#datasetId) this.#list = list
    } catch (error) {
      if (request === this.#listRequest) this.#toasts.failed('Could not load the runs of this dataset', error)
    }
  }
}
