import type { ImportRequest, JobInfo, LikenessApi } from '../../../../shared/contract'
import { errorMessage } from '../errors'
import type { Jobs } from './Jobs.svelte'
import type { Library } from './Library.svelte'
import type { Toasts } from './Toasts.svelte'

/** Starting imports from a drop, the folder dialog or a typed path, and what went wrong doing so. */
export class Importer {
  #error = $state<string | null>(null)
  #hint = $state<string | null>(null)
  #busy = $state(false)
  #maxMegapixels = $state<number | null>(null)

  readonly #api: LikenessApi
  readonly #library: Library
  readonly #jobs: Jobs
  readonly #toasts: Toasts

  constructor(api: LikenessApi, library: Library, jobs: Jobs, toasts: Toasts) {
    this.#api = api
    this.#library = library
    this.#jobs = jobs
    this.#toasts = toasts
  }

  /** Why the last import could not start (for example "Folder not found: …"). */
  get error(): string | null {
    return this.#error
  }
  /** Advice that is not an error, such as typing a path because the browser hid it. */
  get hint(): string | null {
    return this.#hint
  }
  get busy(): boolean {
    return this.#busy
  }
  /** The largest image the next imports decode, in megapixels; null for the engine's default. */
  get maxMegapixels(): number | null {
    return this.#maxMegapixels
  }
  set maxMegapixels(value: number | null) {
    this.#maxMegapixels = value
  }

  /** Returns whether the import started, so a form knows to clear itself. */
  async start(request: ImportRequest): Promise<boolean> {
    this.#error = null
    this.#hint = null
    this.#busy = true
    try {
      const limit = this.#maxMegapixels
      const started = await this.#api.invoke('import:start', limit === null ? request : { maxMegapixels: limit, ...request })
      for (const job of started) this.#jobs.upsert(job)
      this.#selectNewest(started)
      return true
    } catch (error) {
      this.#error = errorMessage(error)
      return false
    } finally {
      this.#busy = false
    }
  }

  async fromDrop(files: readonly File[]): Promise<void> {
    if (files.length === 0) return
    const paths = files.map((file) => this.#api.pathForFile(file)).filter((path) => path !== '')
    if (paths.length === 0) {
      this.#error = null
      this.#hint =
        'This browser does not tell Likeness where dropped folders are. Type or paste the folder path instead.'
      return
    }
    await this.start({ paths })
  }

  async pickFolders(): Promise<void> {
    let paths: string[]
    try {
      paths = await this.#api.invoke('dialog:pickFolders', {})
    } catch (error) {
      this.#toasts.failed('Could not open the folder dialog', error)
      return
    }
    if (paths.length > 0) await this.start({ paths })
  }

  #selectNewest(started: readonly JobInfo[]): void {
    const withDataset = started.filter((job) => job.datasetId !== null)
    const newest = withDataset.reduce<JobInfo | null>((a, j) => (a && a.id > j.id ? a : j), null)
    if (newest?.datasetId != null) this.#library.selectWhenListed(newest.datasetId)
    else this.#library.selectNewcomer()
  }
}
