import type { DatasetSummary, ImportSummary, JobInfo, LikenessApi, SkippedEntry } from '../../../../shared/contract'
import { SvelteMap } from 'svelte/reactivity'
import { naturalCompare } from '../natural-compare'
import { Throttled } from '../throttled'
import type { Toasts } from './Toasts.svelte'

const REFRESH_MS = 2_000

/** The datasets of the library and which one the user is looking at. */
export class Library {
  #datasets = $state.raw<DatasetSummary[]>([])
  #loaded = $state(false)
  #selectedId = $state<number | null>(null)
  /**
   * A dataset an import just started on, selected as soon as the list holds it; `newcomer` when
   * the import did not name it yet, so the first dataset not in `#known` is the one.
   */
  #wanted: number | 'newcomer' | null = null
  #known: number[] = []
  /** The latest import summary of each dataset: what it skipped is kept nowhere else. */
  readonly #imports = new SvelteMap<number, { jobId: number; summary: ImportSummary }>()
  #removing = $state<number | null>(null)
  #selected = $derived(this.#datasets.find((d) => d.id === this.#selectedId) ?? null)
  #sorted = $derived([...this.#datasets].sort((a, b) => naturalCompare(a.name, b.name) || a.id - b.id))

  readonly #api: LikenessApi
  readonly #toasts: Toasts
  readonly #refresher = new Throttled(() => this.#load(), REFRESH_MS)
  readonly #unsubscribe: (() => void)[]

  constructor(api: LikenessApi, toasts: Toasts) {
    this.#api = api
    this.#toasts = toasts
    this.#unsubscribe = [
      api.on('datasets:changed', () => this.#refresher.request()),
      // Counts grow while an import runs, and it may not announce every change.
      api.on('job:progress', () => this.#refresher.request()),
      api.on('job:finished', (job) => {
        this.#noteImport(job)
        this.#refresher.now()
      })
    ]
  }

  get datasets(): readonly DatasetSummary[] {
    return this.#sorted
  }
  get loaded(): boolean {
    return this.#loaded
  }
  get empty(): boolean {
    return this.#loaded && this.#datasets.length === 0
  }
  get selectedId(): number | null {
    return this.#selectedId
  }
  get selected(): DatasetSummary | null {
    return this.#selected
  }

  /** Files and links the latest import of a dataset passed over, with why. */
  skippedOf(datasetId: number): readonly SkippedEntry[] {
    return this.#imports.get(datasetId)?.summary.skipped ?? []
  }

  /** The dataset being deleted, while the engine works on it. */
  get removing(): number | null {
    return this.#removing
  }

  /** What deleting a dataset takes away, for the confirmation to say: its runs, counted by the engine. */
  async runCount(datasetId: number): Promise<number | null> {
    try {
      return (await this.#api.invoke('runs:list', { datasetId })).length
    } catch {
      return null
    }
  }

  /**
   * Deletes a dataset's records (never its files); another dataset is selected in its place, or
   * none, so the drop zone shows. Returns whether it went; a refusal is shown as a toast.
   */
  async remove(datasetId: number): Promise<boolean> {
    this.#removing = datasetId
    try {
      await this.#api.invoke('datasets:remove', { id: datasetId })
    } catch (error) {
      this.#toasts.failed('Could not delete the dataset', error)
      // Gone already, say by another window: the list catches up.
      this.#refresher.now()
      return false
    } finally {
      this.#removing = null
    }
    const index = this.#sorted.findIndex((d) => d.id === datasetId)
    const rest = this.#sorted.filter((d) => d.id !== datasetId)
    this.#datasets = this.#datasets.filter((d) => d.id !== datasetId)
    if (this.#selectedId === datasetId) this.#selectedId = rest[Math.max(0, Math.min(index, rest.length - 1))]?.id ?? null
    this.#refresher.now()
    return true
  }

  select(id: number): void {
    this.#selectedId = id
    this.#wanted = null
  }

  /** Select `id` now if it is listed, else as soon as a refresh lists it. */
  selectWhenListed(id: number): void {
    if (this.#datasets.some((d) => d.id === id)) this.select(id)
    else this.#wanted = id
    this.#refresher.now()
  }

  /** Select the next dataset that appears in the list. */
  selectNewcomer(): void {
    this.#known = this.#datasets.map((d) => d.id)
    this.#wanted = 'newcomer'
    this.#refresher.now()
  }

  refresh(): void {
    this.#refresher.now()
  }

  dispose(): void {
    this.#refresher.dispose()
    for (const off of this.#unsubscribe) off()
  }

  #noteImport(job: JobInfo): void {
    if (job.kind !== 'import' || job.datasetId === null || !job.result) return
    const known = this.#imports.get(job.datasetId)
    if (known && known.jobId > job.id) return
    this.#imports.set(job.datasetId, { jobId: job.id, summary: job.result })
  }

  async #loadImports(): Promise<void> {
    try {
      for (const job of await this.#api.invoke('jobs:list', {})) this.#noteImport(job)
    } catch {
      // Only the skipped entries of older imports are missing then; the datasets still show.
    }
  }

  async #load(): Promise<void> {
    let datasets: DatasetSummary[]
    try {
      datasets = await this.#api.invoke('datasets:list', {})
    } catch (error) {
      this.#toasts.failed('Could not load the list of datasets', error)
      return
    }
    if (!this.#loaded) void this.#loadImports()
    this.#datasets = datasets
    this.#loaded = true
    const wanted =
      this.#wanted === 'newcomer'
        ? datasets.filter((d) => !this.#known.includes(d.id)).reduce<number | null>((a, d) => Math.max(a ?? d.id, d.id), null)
        : this.#wanted
    if (wanted !== null && datasets.some((d) => d.id === wanted)) {
      this.select(wanted)
    } else if (!datasets.some((d) => d.id === this.#selectedId)) {
      // First load, or the selected dataset was removed: show the most recently changed one.
      const newest = datasets.reduce<DatasetSummary | null>((a, d) => (a && a.updatedAt >= d.updatedAt ? a : d), null)
      this.#selectedId = newest?.id ?? null
    }
  }
}
