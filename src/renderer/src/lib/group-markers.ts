import { GROUP_SYMBOLS } from '../../../shared/palette'

/**
 * The marker of each group on the map: a shape, filled or outlined. Seven shapes in two fills give
 * fourteen distinct markers; only past the fourteenth group do markers repeat, and then the legend
 * names the groups that share one (a shape alone repeated after seven, which read as one folder).
 */

export interface GroupMarker {
  /** Index among the distinct markers, 0 .. MARKER_COUNT − 1. */
  index: number
  /** ECharts symbol name. */
  symbol: string
  filled: boolean
}

export const MARKER_COUNT = GROUP_SYMBOLS.length * 2

/** Marker number `index` (taken modulo MARKER_COUNT): every shape filled first, then every shape outlined. */
export function markerAt(index: number): GroupMarker {
  const i = ((index % MARKER_COUNT) + MARKER_COUNT) % MARKER_COUNT
  return { index: i, symbol: GROUP_SYMBOLS[i % GROUP_SYMBOLS.length]!, filled: i < GROUP_SYMBOLS.length }
}

export function groupMarker(group: number): GroupMarker {
  return markerAt(group)
}

/** A marker as a stable word, e.g. "triangle-outline", for tests and data attributes. */
export function markerKey(marker: GroupMarker): string {
  return `${marker.symbol}-${marker.filled ? 'filled' : 'outline'}`
}

/** The groups (indices) that share a marker with another, one list per shared marker; empty up to MARKER_COUNT groups. */
export function sharedMarkers(groupCount: number): number[][] {
  const byMarker = new Map<number, number[]>()
  for (let g = 0; g < groupCount; g++) {
    const m = groupMarker(g).index
    byMarker.set(m, [...(byMarker.get(m) ?? []), g])
  }
  return [...byMarker.values()].filter((gs) => gs.length > 1)
}

/** A sentence for the legend naming the groups that share each marker, or null when none do. */
export function sharedMarkersNote(names: readonly string[]): string | null {
  const shared = sharedMarkers(names.length)
  if (shared.length === 0) return null
  const lists = shared.map((gs) => {
    const ns = gs.map((g) => names[g]!)
    return ns.length === 2 ? `${ns[0]} and ${ns[1]}` : `${ns.slice(0, -1).join(', ')} and ${ns[ns.length - 1]}`
  })
  return `${MARKER_COUNT} markers for ${names.length} groups; these share one: ${lists.join('; ')}.`
}
