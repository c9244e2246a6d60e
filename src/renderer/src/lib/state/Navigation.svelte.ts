import { untrack } from 'svelte'
import { formatPlace, NOWHERE, parsePlace, samePlace, type Place } from '../url-state'
import type { AppState } from './AppState.svelte'

/** What of `window` the URL state uses. */
export type NavigationWindow = Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'>

/**
 * Keeps the dataset, room and run the user looks at in the URL's hash, and back. A change the user
 * made adds a history entry, so the browser's Back returns to the previous dataset, tab or run; a
 * reload or a Back puts the place in the hash on screen again, replacing (never adding) entries on
 * the way. Ids that no longer exist fall back to the first dataset, with a note.
 */
export class Navigation {
  /** A place read from the URL, on its way onto the screen; nothing is written meanwhile. */
  #pending = $state.raw<Place | null>(null)
  /** How far restoring `#pending` got. */
  #stage: 'dataset' | 'run' | 'opening' = 'dataset'
  /** The next write comes from restoring, not from the user: replace the entry. */
  #replaceNext = true
  #place = $derived.by((): Place => {
    const datasetId = this.#app.library.selectedId
    if (datasetId === null) return NOWHERE
    const run = this.#app.runs.view?.run
    // A run of the dataset left behind stays in memory until the new dataset's runs load.
    return { datasetId, room: this.#app.room, runId: run && run.datasetId === datasetId ? run.id : null }
  })

  readonly #app: AppState
  readonly #win: NavigationWindow

  constructor(app: AppState, win: NavigationWindow) {
    this.#app = app
    this.#win = win
  }

  /** The place on screen, as the hash writes it. */
  get place(): Place {
    return this.#place
  }

  /** Reads the URL now and follows it from here on; returns the function that stops. */
  start(): () => void {
    this.#follow(this.#win.location.hash)
    const stopEffects = $effect.root(() => {
      $effect(() => this.#restore())
      $effect(() => this.#write())
    })
    const onPop = (): void => this.#follow(this.#win.location.hash)
    this.#win.addEventListener('popstate', onPop)
    return () => {
      this.#win.removeEventListener('popstate', onPop)
      stopEffects()
    }
  }

  #follow(hash: string): void {
    const place = parsePlace(hash)
    this.#stage = 'dataset'
    this.#replaceNext = true
    this.#pending = place.datasetId === null ? null : place
    // The tab can show at once, before the library has loaded.
    if (place.room) this.#app.room = place.room
  }

  #done(): void {
    this.#pending = null
    this.#replaceNext = true
  }

  #restore(): void {
    const target = this.#pending
    const library = this.#app.library
    if (!target || !library.loaded) return
    if (this.#stage === 'dataset') {
      untrack(() => this.#restoreDataset(target))
      return
    }
    if (this.#stage !== 'run') return
    const runs = this.#app.runs
    // Wait for the runs of the dataset just selected.
    if (runs.datasetId !== library.selectedId || runs.list === null) return
    untrack(() => this.#restoreRun(target))
  }

  #restoreDataset(target: Place): void {
    const { library, toasts } = this.#app
    const first = library.datasets[0]
    if (!first) return this.#done()
    if (library.datasets.some((d) => d.id === target.datasetId)) {
      library.select(target.datasetId!)
    } else {
      toasts.show(`Dataset ${target.datasetId} is no longer in the library; showing ${first.name} instead.`)
      library.select(first.id)
      this.#pending = { ...target, runId: null }
    }
    if (target.runId === null || this.#pending?.runId === null) {
      // A place without a run in the dataset whose run is open: that run was opened after it.
      const runs = this.#app.runs
      if (target.runId === null && runs.view?.run.datasetId === target.datasetId) runs.close()
      return this.#done()
    }
    this.#stage = 'run'
    // Retrigger the effect: the runs may already be loaded for this dataset.
    this.#pending = { ...target }
  }

  #restoreRun(target: Place): void {
    const runs = this.#app.runs
    const id = target.runId
    if (id === null || runs.view?.run.id === id) return this.#done()
    if (!runs.list?.some((r) => r.id === id)) {
      this.#app.toasts.show(`Run ${id} is no longer in this dataset; choose one in History.`)
      return this.#done()
    }
    this.#stage = 'opening'
    void runs.open(id).finally(() => {
      if (this.#pending === target) this.#done()
    })
  }

  #write(): void {
    const place = this.#place
    if (this.#pending) return
    untrack(() => {
      const hash = formatPlace(place)
      const replace = this.#replaceNext
      this.#replaceNext = false
      if (hash === this.#win.location.hash || samePlace(place, parsePlace(this.#win.location.hash))) return
      // The query (the engine's token, say) stays as it is: only the hash is ours.
      const url = hash || this.#win.location.pathname + this.#win.location.search
      if (replace) this.#win.history.replaceState(this.#win.history.state, '', url)
      else this.#win.history.pushState(null, '', url)
    })
  }
}
