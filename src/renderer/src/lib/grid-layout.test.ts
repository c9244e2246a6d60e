import { describe, expect, it } from 'vitest'
import type { ItemCell } from '../../../shared/contract'
import { columnsFor, layoutGrid, rowAt, visibleRows, type GridMetrics } from './grid-layout'

const metrics: GridMetrics = { cellWidth: 100, cellHeight: 50, headerHeight: 20, padding: 10 }

function cells(groups: number[]): ItemCell[] {
  return groups.map((group, id) => ({ id, name: `${id}.png`, group, status: 'ok', reason: null, duplicateOf: null }))
}

describe('columnsFor', () => {
  it('fits whole cells inside the padding and never returns zero', () => {
    expect(columnsFor(320, metrics)).toBe(3)
    expect(columnsFor(319, metrics)).toBe(2)
    expect(columnsFor(0, metrics)).toBe(1)
  })
})

describe('layoutGrid', () => {
  it('puts a header before each group and wraps its items into rows', () => {
    // group 0: 5 items -> 2 rows of 3; group 2: 1 item -> 1 row
    const layout = layoutGrid(cells([0, 0, 0, 0, 0, 2]), 3, metrics)
    expect(layout.rows.map((r) => (r.kind === 'header' ? `H${r.group}:${r.count}` : `${r.start}-${r.end}`))).toEqual([
      'H0:5',
      '0-3',
      '3-5',
      'H2:1',
      '5-6'
    ])
    expect(layout.rows.map((r) => r.top)).toEqual([10, 30, 80, 130, 150])
    expect(layout.height).toBe(150 + 50 + 10)
  })

  it('keeps keys unique when a group comes back in two runs', () => {
    const keys = layoutGrid(cells([1, 2, 1]), 4, metrics).rows.map((r) => r.key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('is empty for no items', () => {
    expect(layoutGrid([], 4, metrics)).toEqual({ rows: [], height: 20 })
  })
})

describe('rowAt and visibleRows', () => {
  const { rows } = layoutGrid(cells(Array.from({ length: 100_000 }, (_, i) => Math.floor(i / 1000))), 8, metrics)

  it('finds the same row as a linear scan', () => {
    for (const y of [0, 9, 10, 29, 30, 31, 5_000, 123_456, 1e9]) {
      let expected = 0
      rows.forEach((r, i) => {
        if (r.top <= y) expected = i
      })
      expect(rowAt(rows, y)).toBe(expected)
    }
  })

  it('covers the viewport plus overscan and stays inside the rows', () => {
    const { first, last } = visibleRows(rows, 10_000, 800, 2)
    expect(rows[first + 2]!.top).toBeLessThanOrEqual(10_000)
    expect(rows[last - 3]!.top).toBeLessThanOrEqual(10_800)
    expect(rows[last - 2]!.top).toBeGreaterThan(10_800)
    expect(last - first).toBeLessThan(30)
    expect(visibleRows(rows, 1e9, 800, 2).last).toBe(rows.length)
  })
})
