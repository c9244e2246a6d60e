import type { ItemCell, LikenessApi, SimilarResult } from '../../../../shared/contract'
import { SIMILAR_DEFAULT_K } from '../../../../shared/types/similar'
import { errorMessage } from '../errors'
import { LatestOnly } from '../viewer-steps'
import type { ViewerContext } from './Viewer.svelte'

/** The similar images as a grid the viewer can step through: cells, and their folders as groups. */
export interface SimilarGrid {
  items: ItemCell[]
  context: ViewerContext
}

/**
 * "Find similar" for the image shown in the viewer: the k items nearest to it in the dataset's
 * default feature set. An answer is kept for the item it was asked for, so stepping to another
 * image hides it, and a late answer for an item stepped past is dropped.
 */
export class Similar {
  #itemId = $state<number | null>(null)
  #name = ''
  #result = $state.raw<SimilarResult | null>(null)
  #busy = $state(false)
  #error = $state<string | null>(null)
  readonly #latest = new LatestOnly()
  readonly #api: LikenessApi
  readonly #k: number

  constructor(api: LikenessApi, k = SIMILAR_DEFAULT_K) {
    this.#api = api
    this.#k = k
  }

  /** The item the answer, the error or the search under way is for. */
  get itemId(): number | null {
    return this.#itemId
  }
  get result(): SimilarResult | null {
    return this.#result
  }
  get busy(): boolean {
    return this.#busy
  }
  get error(): string | null {
    return this.#error
  }

  /** Whether the gallery belongs to the item shown. */
  isFor(itemId: number | undefined): boolean {
    return itemId !== undefined && itemId === this.#itemId
  }

  async find(datasetId: number, itemId: number, name: string): Promise<void> {
    const current = this.#latest.take()
    this.#itemId = itemId
    this.#name = name
    this.#result = null
    this.#error = null
    this.#busy = true
    try {
      const result = await this.#api.invoke('similar:find', { datasetId, itemId, k: this.#k })
      if (current()) this.#result = result
    } catch (error) {
      if (current()) this.#error = `Could not find similar images: ${errorMessage(error)}`
    } finally {
      if (current()) this.#busy = false
    }
  }

  clear(): void {
    this.#latest.drop()
    this.#itemId = null
    this.#result = null
    this.#error = null
    this.#busy = false
  }

  /** The similar images as viewer cells, nearest first, each in its folder. */
  grid(): SimilarGrid | null {
    const result = this.#result
    if (!result) return null
    const groups: string[] = []
    const items = result.neighbours.map((n): ItemCell => {
      const slash = n.path.lastIndexOf('/')
      const folder = slash < 0 ? '' : n.path.slice(0, slash)
      if (!groups.includes(folder)) groups.push(folder)
      return { id: n.itemId, name: n.path.slice(slash + 1), group: groups.indexOf(folder), status: 'ok', reason: null, duplicateOf: null }
    })
    return { items, context: { title: `Similar to ${this.#name}`, groups } }
  }
}
