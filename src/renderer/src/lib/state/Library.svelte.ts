import type { DatasetSummary, LikenessApi } from '../../../../shared/contract'
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
      api.on('job:finished', () => this.#refresher.now())
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

  async #load(): Promise<void> {
    let datasets: DatasetSummary[]
    try {
      datasets = await this.#api.invoke('datasets:list', {})
    } catch (error) {
      this.#toasts.failed('Could not load the list of datasets', error)
      return
    }
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
