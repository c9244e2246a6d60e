import type { ClusterCard, EditEntry, EditOp, EditResult, EditState, LikenessApi } from '../../../../shared/contract'
import { clusterColor, clusterName } from '../../../../shared/palette'
import { saveText } from '../download'
import { errorMessage } from '../errors'
import type { Runs } from './Runs.svelte'
import type { Toasts } from './Toasts.svelte'

/** A cluster's name as the user gave it, else its number ("Cluster 3") or "Noise". */
export function cardName(cluster: Pick<ClusterCard, 'label' | 'meta'>): string {
  return cluster.meta?.name || clusterName(cluster.label)
}

/** The colour the user chose for a cluster, else the palette's. */
export function cardColour(cluster: Pick<ClusterCard, 'label' | 'meta'>): string {
  return cluster.meta?.colour ?? clusterColor(cluster.label)
}

/** Where the last edit stands: "saved" only once the engine answered, that is once it is on disk. */
export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed'

/**
 * Hand edits of the open run's clusters: apply, undo and redo (each answered only after the library
 * committed it), the history, and which cluster cards are selected for a merge. After each edit the
 * open run is fetched again, so the map and the cards show the edited clusters.
 */
export class Edits {
  #state = $state.raw<EditState | null>(null)
  #history = $state.raw<readonly EditEntry[]>([])
  #status = $state<SaveStatus>('idle')
  #error = $state<string | null>(null)
  #selected = $state.raw<readonly number[]>([])
  /** Edits of this window on their way: their own `edits:changed` must not reload the run twice. */
  #pending = 0
  #loadedRun: number | null = null

  readonly #api: LikenessApi
  readonly #runs: Runs
  readonly #toasts: Toasts
  readonly #unsubscribe: () => void

  constructor(api: LikenessApi, runs: Runs, toasts: Toasts) {
    this.#api = api
    this.#runs = runs
    this.#toasts = toasts
    this.#unsubscribe = api.on('edits:changed', ({ runId }) => {
      if (runId !== this.runId || this.#pending > 0) return
      // Another window edited this run: show its clusters and history.
      void this.#reload(runId)
    })
  }

  /** The run the edits apply to: the one open. */
  get runId(): number | null {
    return this.#runs.view?.run.id ?? null
  }
  get state(): EditState | null {
    return this.#state?.runId === this.runId ? this.#state : null
  }
  /** Oldest first. */
  get history(): readonly EditEntry[] {
    return this.#state?.runId === this.runId ? this.#history : []
  }
  get status(): SaveStatus {
    return this.#status
  }
  get error(): string | null {
    return this.#error
  }
  get busy(): boolean {
    return this.#status === 'saving'
  }
  get canUndo(): boolean {
    return !this.busy && (this.state?.canUndo ?? false)
  }
  get canRedo(): boolean {
    return !this.busy && (this.state?.canRedo ?? false)
  }
  /** Cluster labels whose cards are ticked for a merge, in the order ticked (the first keeps its label). */
  get selected(): readonly number[] {
    return this.#selected
  }

  toggleSelected(label: number): void {
    this.#selected = this.#selected.includes(label) ? this.#selected.filter((l) => l !== label) : [...this.#selected, label]
  }

  clearSelection(): void {
    this.#selected = []
  }

  /** Loads the history of the open run, once per run (again after `force`). */
  async load(force = false): Promise<void> {
    const runId = this.runId
    if (runId === null || (!force && this.#loadedRun === runId)) return
    this.#loadedRun = runId
    this.#selected = []
    try {
      const { state, entries } = await this.#api.invoke('edits:list', { runId })
      if (runId !== this.runId) return
      this.#state = state
      this.#history = entries
    } catch (error) {
      this.#toasts.failed('Could not load the edits of this run', error)
    }
  }

  /** Returns whether the edit was saved. */
  apply(op: EditOp): Promise<boolean> {
    return this.#run((runId) => this.#api.invoke('edits:apply', { runId, op }), op.kind === 'merge')
  }

  merge(): Promise<boolean> {
    return this.apply({ kind: 'merge', clusters: [...this.#selected] })
  }

  undo(): Promise<boolean> {
    return this.canUndo ? this.#run((runId) => this.#api.invoke('edits:undo', { runId })) : Promise.resolve(false)
  }

  redo(): Promise<boolean> {
    return this.canRedo ? this.#run((runId) => this.#api.invoke('edits:redo', { runId })) : Promise.resolve(false)
  }

  /** Saves the dataset's labels (named clusters, hand-placed images, imports) as a CSV or JSON download. */
  async exportLabels(format: 'csv' | 'json'): Promise<void> {
    const datasetId = this.#runs.view?.run.datasetId
    if (datasetId === undefined) return
    try {
      const { fileName, text, count } = await this.#api.invoke('labels:export', { datasetId, format })
      if (count === 0) this.#toasts.failed('No labels to export yet', new Error('Name a cluster first: its images take its name as their label.'))
      else saveText(fileName, text, format)
    } catch (error) {
      this.#toasts.failed('Could not export the labels', error)
    }
  }

  dispose(): void {
    this.#unsubscribe()
  }

  async #run(call: (runId: number) => Promise<EditResult>, clearSelection = false): Promise<boolean> {
    const runId = this.runId
    if (runId === null || this.busy) return false
    this.#pending++
    this.#status = 'saving'
    this.#error = null
    try {
      const { state } = await call(runId)
      this.#state = state
      this.#status = 'saved'
      if (clearSelection) this.#selected = []
      await this.#reload(runId)
      return true
    } catch (error) {
      this.#status = 'failed'
      this.#error = errorMessage(error)
      return false
    } finally {
      this.#pending--
    }
  }

  /** The history and the open run again, keeping the cluster gallery open when its cluster still exists. */
  async #reload(runId: number): Promise<void> {
    const open = this.#runs.view?.openCluster ?? null
    await Promise.all([this.load(true), this.#runs.open(runId)])
    const view = this.#runs.view
    if (view && view.run.id === runId && open !== null && view.clusterLabels.includes(open)) view.openCluster = open
  }
}
