import type { AppInfo, LikenessApi } from '../../../../shared/contract'
import type { ApiClient } from '../api'
import { Connection } from './Connection.svelte'
import { Edits } from './Edits.svelte'
import { Features } from './Features.svelte'
import { Gallery } from './Gallery.svelte'
import { Importer } from './Importer.svelte'
import { Jobs } from './Jobs.svelte'
import { Keyboard } from './Keyboard.svelte'
import { Library } from './Library.svelte'
import { Runs } from './Runs.svelte'
import { Toasts } from './Toasts.svelte'
import type { Room } from '../url-state'

export type { Room } from '../url-state'

/** The rooms of the main area for a dataset, as their tabs name them, in order. */
export const ROOM_TABS: readonly { id: Room; label: string }[] = [
  { id: 'images', label: 'Images' },
  { id: 'map', label: 'Map' },
  { id: 'clusters', label: 'Clusters' },
  { id: 'history', label: 'History' },
  { id: 'duplicates', label: 'Near duplicates' }
]

/** Everything the UI holds, built once per window and handed down through context. */
export class AppState {
  readonly api: LikenessApi
  readonly toasts = new Toasts()
  readonly connection: Connection
  readonly library: Library
  readonly jobs: Jobs
  readonly gallery: Gallery
  readonly importer: Importer
  readonly features: Features
  readonly runs: Runs
  readonly edits: Edits
  readonly keyboard = new Keyboard(this)
  #info = $state.raw<AppInfo | null>(null)
  #room = $state<Room>('images')

  constructor(client: ApiClient) {
    this.api = client.api
    this.library = new Library(this.api, this.toasts)
    this.jobs = new Jobs(this.api, this.toasts)
    this.gallery = new Gallery(this.api, this.toasts)
    this.importer = new Importer(this.api, this.library, this.jobs, this.toasts)
    this.features = new Features(this.api, this.jobs, this.toasts)
    this.runs = new Runs(this.api, this.jobs, this.toasts)
    this.edits = new Edits(this.api, this.runs, this.toasts)
    // Events sent while the line was down are lost: catch up on everything once it is back.
    this.connection = new Connection(client, () => this.#loadAll(true))
  }

  get info(): AppInfo | null {
    return this.#info
  }
  get room(): Room {
    return this.#room
  }
  set room(room: Room) {
    this.#room = room
  }

  start(): void {
    this.#loadAll(false)
  }

  dispose(): void {
    this.connection.dispose()
    this.library.dispose()
    this.jobs.dispose()
    this.gallery.dispose()
    this.features.dispose()
    this.runs.dispose()
    this.edits.dispose()
  }

  #loadAll(afterOutage: boolean): void {
    this.api.invoke('app:info', {}).then(
      (info) => (this.#info = info),
      (error: unknown) => this.toasts.failed('Could not reach the Likeness engine', error)
    )
    this.library.refresh()
    void this.jobs.load(afterOutage)
    this.gallery.refresh()
    this.features.refresh()
    this.runs.refresh()
  }
}
