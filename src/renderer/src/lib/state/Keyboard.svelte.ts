import { shellShortcuts, shortcutFor, type Shortcut } from '../shortcuts'
import { ROOM_TABS, type AppState } from './AppState.svelte'

/** The field `/` goes to: the folder path of the import panel. */
const FIND_FIELD = '[data-testid="import-path"]'

/** The shell's keyboard shortcuts: what each does, and whether their list is open. */
export class Keyboard {
  readonly shortcuts: readonly Shortcut[] = shellShortcuts(ROOM_TABS.map((r) => r.label))
  #helpOpen = $state(false)
  readonly #app: AppState

  constructor(app: AppState) {
    this.#app = app
  }

  get helpOpen(): boolean {
    return this.#helpOpen
  }
  set helpOpen(open: boolean) {
    this.#helpOpen = open
  }

  /** For the window's keydown; a key it acts on does nothing else. */
  handle(event: KeyboardEvent): void {
    // A dialog in front (this list, a confirmation, the image viewer) takes its own keys, Esc included.
    if (event.target instanceof Element && event.target.closest('dialog, [role="dialog"]')) return
    const shortcut = shortcutFor(event, this.shortcuts)
    if (shortcut && this.#run(shortcut, event.key)) event.preventDefault()
  }

  /** Returns whether the shortcut did something. */
  #run(shortcut: Shortcut, key: string): boolean {
    const app = this.#app
    switch (shortcut.id) {
      case 'help':
        this.#helpOpen = true
        return true
      case 'room': {
        const room = ROOM_TABS[Number(key) - 1]
        if (!room || !app.library.selected) return false
        app.room = room.id
        return true
      }
      case 'previous-dataset':
      case 'next-dataset':
        return this.#stepDataset(shortcut.id === 'next-dataset' ? 1 : -1)
      case 'find': {
        const field = document.querySelector<HTMLElement>(FIND_FIELD)
        field?.focus()
        return field !== null
      }
      case 'close':
        return this.#closeGallery()
      case 'undo':
      case 'redo':
        if (!app.edits.runId || (shortcut.id === 'undo' ? !app.edits.canUndo : !app.edits.canRedo)) return false
        void app.edits[shortcut.id]()
        return true
    }
  }

  #stepDataset(step: 1 | -1): boolean {
    const { datasets, selectedId } = this.#app.library
    const next = datasets[datasets.findIndex((d) => d.id === selectedId) + step]
    if (!next || selectedId === null) return false
    this.#app.library.select(next.id)
    return true
  }

  /** The gallery of the room on show: a cluster's images, or the points selected on the map. */
  #closeGallery(): boolean {
    const { room, runs } = this.#app
    const view = runs.view
    if (!view) return false
    if (room === 'clusters' && view.openCluster !== null) {
      view.openCluster = null
      return true
    }
    if (room === 'map' && view.selection.length > 0) {
      view.selection = []
      return true
    }
    return false
  }
}
