import type { ItemCell, ItemList, LikenessApi } from '../../../../shared/contract'
import { inNaturalGroupOrder } from '../natural-compare'
import { Throttled } from '../throttled'
import { followDatasetJobs } from './follow-job.svelte'
import type { Toasts } from './Toasts.svelte'

/** At most one refetch of the item list this often while an import fills the dataset. */
const REFETCH_MS = 2_000

function isProblem(item: ItemCell): boolean {
  return item.status === 'error' || item.status === 'partial'
}

/** The items of the selected dataset, as the thumbnail grid shows them. */
export class Gallery {
  #datasetId = $state<number | null>(null)
  // Up to hundreds of thousands of cells, replaced whole on each fetch: no deep proxy.
  #list = $state.raw<ItemList | null>(null)
  #loading = $state(false)
  #onlyProblems = $state(false)
  #items = $derived.by(() => {
    const list = this.#list
    // The library sorts groups by their bytes ("g10" before "g2"); people read numbers as numbers.
    const items = list ? inNaturalGroupOrder(list.items, list.groups) : []
    return this.#onlyProblems ? items.filter(isProblem) : items
  })
  /** Increases on every fetch, so a slow reply for an older request never overwrites a newer one. */
  #request = 0

  readonly #api: LikenessApi
  readonly #toasts: Toasts
  readonly #refetcher = new Throttled(() => this.#fetch(), REFETCH_MS)
  readonly #unsubscribe: (() => void)[]

  constructor(api: LikenessApi, toasts: Toasts) {
    this.#api = api
    this.#toasts = toasts
    this.#unsubscribe = [
      api.on('datasets:changed', ({ datasetId }) => {
        if (datasetId === this.#datasetId) this.#refetcher.request()
      }),
      ...followDatasetJobs(api, () => this.#datasetId, {
        progress: () => this.#refetcher.request(),
        finished: () => this.#refetcher.now()
      })
    ]
  }

  get datasetId(): number | null {
    return this.#datasetId
  }
  /** The list as fetched, every group and item. */
  get list(): ItemList | null {
    return this.#list
  }
  /** The items to show, after the filter. */
  get items(): readonly ItemCell[] {
    return this.#items
  }
  get groups(): readonly string[] {
    return this.#list?.groups ?? []
  }
  get loading(): boolean {
    return this.#loading
  }
  get onlyProblems(): boolean {
    return this.#onlyProblems
  }
  set onlyProblems(value: boolean) {
    this.#onlyProblems = value
  }

  show(datasetId: number | null): void {
    if (datasetId === this.#datasetId) return
    this.#datasetId = datasetId
    this.#list = null
    this.#onlyProblems = false
    if (datasetId !== null) this.#refetcher.now()
  }

  refresh(): void {
    if (this.#datasetId !== null) this.#refetcher.now()
  }

  dispose(): void {
    this.#refetcher.dispose()
    for (const off of this.#unsubscribe) off()
  }

  async #fetch(): Promise<void> {
    const datasetId = this.#datasetId
    if (datasetId === null) return
    const request = ++this.#request
    this.#loading = true
    try {
      const list = await this.#api.invoke('items:list', { datasetId })
      if (request === this.#request && datasetId === this.#datasetId) this.#list = list
    } catch (error) {
      if (request === this.#request) this.#toasts.failed('Could not load the images of this dataset', error)
    } finally {
      if (request === this.#request) this.#loading = false
    }
  }
}
