import type { ItemCell, RunDetail } from '../../../shared/contract'

type RunItems = Pick<RunDetail, 'itemIds' | 'names' | 'itemGroups'>

/** Point indices of the members of cluster `label` (−1: the noise). */
export function membersOf(labels: readonly number[], label: number): number[] {
  const members: number[] = []
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) members.push(i)
  return members
}

const byName = new Intl.Collator(undefined, { numeric: true })

/**
 * The points as cells of the thumbnail grid, sorted by group and then by name: the grid puts a
 * header over each run of one group, so a cluster's mix of folders shows at a glance. Clustered
 * items all had features computed, so each was read and has a thumbnail.
 */
export function itemCells(run: RunItems, indices: readonly number[]): ItemCell[] {
  const order = [...indices].sort(
    (a, b) => run.itemGroups[a]! - run.itemGroups[b]! || byName.compare(run.names[a]!, run.names[b]!)
  )
  return order.map((i) => ({
    id: run.itemIds[i]!,
    name: run.names[i]!,
    group: run.itemGroups[i]!,
    status: 'ok',
    reason: null,
    duplicateOf: null
  }))
}
