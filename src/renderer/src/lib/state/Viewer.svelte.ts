import { getContext, setContext } from 'svelte'
import type { ItemCell, ItemDetail, LikenessApi, RunDetail } from '../../../../shared/contract'
import { errorMessage } from '../errors'
import { clampIndex, clusterLookup, LatestOnly, stepIndex, viewerAction, type Move } from '../viewer-steps'

/** Where the viewer was opened from: the grid's name and its group names. */
export interface ViewerContext {
  /** What the grid shows, such as "All images" or "Cluster 3". */
  title: string
  groups: readonly string[]
}

/**
 * The image viewer: the images of the grid it was opened from, in that grid's order, the one shown
 * and its details. The details of each image come from the engine; a reply for an image already
 * stepped past is dropped.
 */
export class Viewer {
  // The grid's items as they were when the viewer opened: up to hundreds of thousands, never changed.
  #items = $state.raw<readonly ItemCell[]>([])
  #index = $state(0)
  #context = $state.raw<ViewerContext | null>(null)
  #detail = $state.raw<ItemDetail | null>(null)
  #error = $state<string | null>(null)
  readonly #latest = new LatestOnly()
  readonly #api: LikenessApi
  readonly #openRun: () => RunDetail | null
  #lookup: { run: RunDetail; clusterOf: (id: number) => number | null } | null = null

  /** `openRun`: the run open for the dataset, whose clusters the viewer names. */
  constructor(api: LikenessApi, openRun: () => RunDetail | null) {
    this.#api = api
    this.#openRun = openRun
  }

  get isOpen(): boolean {
    return this.#context !== null
  }
  get title(): string {
    return this.#context?.title ?? ''
  }
  get index(): number {
    return this.#index
  }
  get count(): number {
    return this.#items.length
  }
  /** The image shown; after closing, the one last shown (to give the focus back to its thumbnail). */
  get item(): ItemCell | null {
    return this.#items[this.#index] ?? null
  }
  /** The next image, when it has a large image to fetch ahead. */
  get upcoming(): ItemCell | null {
    const next = this.isOpen ? this.#items[this.#index + 1] : undefined
    return next && (next.status === 'ok' || next.status === 'partial') ? next : null
  }
  get groupName(): string | undefined {
    const item = this.item
    return item ? this.#context?.groups[item.group] : undefined
  }
  /** The details of the image shown, once they have come. */
  get detail(): ItemDetail | null {
    return this.#detail !== null && this.#detail.id === this.item?.id ? this.#detail : null
  }
  get error(): string | null {
    return this.#error
  }
  get atStart(): boolean {
    return this.#index === 0
  }
  get atEnd(): boolean {
    return this.#index >= this.#items.length - 1
  }
  /** The cluster of the image shown in the open run, or null when no run is open or it is not in it. */
  get cluster(): number | null {
    const run = this.#openRun()
    const item = this.item
    if (!run || !item) return null
    if (this.#lookup?.run !== run) this.#lookup = { run, clusterOf: clusterLookup(run.itemIds, run.labels) }
    return this.#lookup.clusterOf(item.id)
  }

  open(items: readonly ItemCell[], index: number, context: ViewerContext): void {
    if (items.length === 0) return
    this.#items = items
    this.#context = context
    this.#show(clampIndex(index, items.length))
  }

  close(): void {
    this.#latest.drop()
    this.#context = null
    this.#detail = null
    this.#error = null
  }

  step(move: Move): void {
    if (!this.isOpen) return
    const to = stepIndex(this.#index, this.#items.length, move)
    if (to !== this.#index) this.#show(to)
  }

  /** Acts on a key; true when the viewer handled it, so nothing else should. */
  handleKey(key: string, modified: boolean): boolean {
    const action = this.isOpen ? viewerAction(key, modified) : null
    if (action === null) return false
    if (action === 'close') this.close()
    else this.step(action)
    return true
  }

  #show(index: number): void {
    this.#index = index
    this.#error = null
    const id = this.#items[index]!.id
    const current = this.#latest.take()
    this.#api.invoke('items:get', { id }).then(
      (detail) => {
        if (current()) this.#detail = detail
      },
      (error: unknown) => {
        if (current()) this.#error = `Could not load the details of this image: ${errorMessage(error)}`
      }
    )
  }
}

const KEY = Symbol('viewer')

/** Makes the viewer reachable from every thumbnail grid below the calling component. */
export function setViewer(viewer: Viewer): void {
  setContext(KEY, viewer)
}

/** The viewer, or undefined where none was mounted (a grid outside a dataset view). */
export function getViewer(): Viewer | undefined {
  return getContext<Viewer | undefined>(KEY)
}
