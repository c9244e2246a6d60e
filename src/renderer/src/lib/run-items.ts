import type { ItemCell, RunDetail } from '../../../shared/contract'

import { naturalRanks } from './natural-compare'

type RunItems = Pick<RunDetail, 'itemIds' | 'names' | 'itemGroups'> & { groups?: readonly string[]; previews?: readonly string[] }

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
 * items all had features computed, so each was read and has a thumbnail; a sequence has its
 * first residues instead.
 */
export function itemCells(run: RunItems, indices: readonly number[]): ItemCell[] {
  // Groups in natural order of their names ("g2" before "g10") when the names are known.
  const rank = run.groups ? naturalRanks(run.groups) : null
  const groupPlace = (i: number): number => (rank ? rank[run.itemGroups[i]!]! : run.itemGroups[i]!)
  const order = [...indices].sort((a, b) => groupPlace(a) - groupPlace(b) || byName.compare(run.names[a]!, run.names[b]!))
  return order.map((i) => ({
    id: run.itemIds[i]!,
    name: run.names[i]!,
    group: run.itemGroups[i]!,
    status: 'ok',
    reason: null,
    duplicateOf: null,
    ...(run.previews ? { preview: run.previews[i]! } : {})
  }))
}
