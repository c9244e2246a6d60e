import type { RunDetail } from '../../../../shared/contract'
import { isolated, NONE_HIDDEN, toggled } from '../legend'

/**
 * One opened run and what the user does with it: which clusters and groups the map hides, which
 * points the brush selected, which cluster's gallery is open. Opening another run makes a new view,
 * so none of this leaks from one run to the next.
 */
export class RunView {
  /** As the engine sent it; up to hundreds of thousands of entries per array, never changed. */
  readonly run: RunDetail
  /** Cluster labels in card order (noise last). */
  readonly clusterLabels: readonly number[]
  readonly groupIndices: readonly number[]
  #hiddenClusters = $state.raw<ReadonlySet<number>>(NONE_HIDDEN)
  #hiddenGroups = $state.raw<ReadonlySet<number>>(NONE_HIDDEN)
  /** Point indices, ascending. */
  #selection = $state.raw<readonly number[]>([])
  #openCluster = $state<number | null>(null)

  constructor(run: RunDetail) {
    this.run = run
    this.clusterLabels = run.clusters.map((c) => c.label)
    this.groupIndices = run.groups.map((_, i) => i)
  }

  get hiddenClusters(): ReadonlySet<number> {
    return this.#hiddenClusters
  }
  get hiddenGroups(): ReadonlySet<number> {
    return this.#hiddenGroups
  }
  get selection(): readonly number[] {
    return this.#selection
  }
  set selection(indices: readonly number[]) {
    this.#selection = indices
  }
  /** The cluster whose members the galleries room shows, or null for the cards. */
  get openCluster(): number | null {
    return this.#openCluster
  }
  set openCluster(label: number | null) {
    this.#openCluster = label
  }

  /** `only`: show this cluster alone (or everything again, if it already is). */
  toggleCluster(label: number, only: boolean): void {
    this.#hiddenClusters = only
      ? isolated(this.clusterLabels, this.#hiddenClusters, label)
      : toggled(this.#hiddenClusters, label)
  }

  toggleGroup(index: number, only: boolean): void {
    this.#hiddenGroups = only
      ? isolated(this.groupIndices, this.#hiddenGroups, index)
      : toggled(this.#hiddenGroups, index)
  }

  showAll(): void {
    this.#hiddenClusters = NONE_HIDDEN
    this.#hiddenGroups = NONE_HIDDEN
  }
}
