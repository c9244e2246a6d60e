import type { ItemCell } from '../../../shared/contract'

/**
 * Geometry of the virtualised thumbnail grid. Pure functions, so the part that must stay right at
 * 100,000 items is testable without a browser.
 */

export interface GridMetrics {
  cellWidth: number
  cellHeight: number
  headerHeight: number
  /** Space around the whole grid, in pixels. */
  padding: number
}

export type GridRow =
  | { kind: 'header'; key: string; top: number; group: number; count: number }
  | { kind: 'cells'; key: string; top: number; start: number; end: number }

export interface GridLayout {
  rows: GridRow[]
  /** Full scroll height of the grid, padding included. */
  height: number
}

export function columnsFor(width: number, metrics: GridMetrics): number {
  return Math.max(1, Math.floor((width - 2 * metrics.padding) / metrics.cellWidth))
}

/**
 * One header row per run of items of the same group, then that run cut into rows of `columns`.
 * Items come sorted by group, so a group is normally one run; keys use the run's first item index
 * so they stay unique even if a group were split.
 */
export function layoutGrid(items: readonly ItemCell[], columns: number, metrics: GridMetrics): GridLayout {
  const rows: GridRow[] = []
  let top = metrics.padding
  let runStart = 0
  while (runStart < items.length) {
    const group = items[runStart]!.group
    let runEnd = runStart + 1
    while (runEnd < items.length && items[runEnd]!.group === group) runEnd++
    rows.push({ kind: 'header', key: `h${runStart}`, top, group, count: runEnd - runStart })
    top += metrics.headerHeight
    for (let start = runStart; start < runEnd; start += columns) {
      rows.push({ kind: 'cells', key: `r${start}`, top, start, end: Math.min(start + columns, runEnd) })
      top += metrics.cellHeight
    }
    runStart = runEnd
  }
  return { rows, height: top + metrics.padding }
}

/** Index of the last row whose top is at or above `y` (0 when `y` is above every row). */
export function rowAt(rows: readonly GridRow[], y: number): number {
  let low = 0
  let high = rows.length - 1
  let found = 0
  while (low <= high) {
    const mid = (low + high) >>> 1
    if (rows[mid]!.top <= y) {
      found = mid
      low = mid + 1
    } else {
      high = mid - 1
    }
  }
  return found
}

/** Rows `[first, last)` that intersect the viewport, widened by `overscan` rows on each side. */
export function visibleRows(
  rows: readonly GridRow[],
  scrollTop: number,
  viewportHeight: number,
  overscan: number
): { first: number; last: number } {
  if (rows.length === 0) return { first: 0, last: 0 }
  const first = Math.max(0, rowAt(rows, scrollTop) - overscan)
  const last = Math.min(rows.length, rowAt(rows, scrollTop + viewportHeight) + 1 + overscan)
  return { first, last }
}
