/**
 * Names in the order people expect: runs of digits compare as numbers, so "g2" comes before "g10",
 * and case and accents matter only to break ties.
 */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}

/** rank[g] is the place of group g when the group names are in natural order. */
export function naturalRanks(names: readonly string[]): number[] {
  const order = names.map((_, i) => i).sort((a, b) => naturalCompare(names[a]!, names[b]!) || a - b)
  const rank = new Array<number>(names.length)
  order.forEach((g, place) => (rank[g] = place))
  return rank
}

/**
 * Items that come grouped in byte order of their group names ("g1, g10, g2") put in natural order
 * ("g1, g2, g10"), keeping their order within each group. Linear, for lists of any size.
 */
export function inNaturalGroupOrder<T extends { group: number }>(items: readonly T[], groups: readonly string[]): T[] {
  const rank = naturalRanks(groups)
  const buckets: T[][] = groups.map(() => [])
  const stray: T[] = []
  for (const item of items) (buckets[rank[item.group]!] ?? stray).push(item)
  return [...buckets.flat(), ...stray]
}
