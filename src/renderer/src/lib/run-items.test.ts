import { describe, expect, it } from 'vitest'
import { itemCells, membersOf } from './run-items'

const run = {
  itemIds: [101, 102, 103, 104, 105],
  names: ['b10.png', 'a.png', 'b2.png', 'c.png', 'a.png'],
  itemGroups: [1, 1, 1, 0, 0]
}

describe('run items', () => {
  it('finds the members of a cluster and of the noise', () => {
    expect(membersOf([0, 1, 0, -1, 0], 0)).toEqual([0, 2, 4])
    expect(membersOf([0, 1, 0, -1, 0], -1)).toEqual([3])
    expect(membersOf([0, 1], 5)).toEqual([])
  })

  it('orders cells by group, then by name with numbers read as numbers', () => {
    const cells = itemCells(run, [0, 1, 2, 3, 4])
    expect(cells.map((c) => c.id)).toEqual([105, 104, 102, 103, 101])
    expect(cells[0]).toEqual({ id: 105, name: 'a.png', group: 0, status: 'ok', reason: null, duplicateOf: null })
  })

  it('puts groups in natural order of their names when it has them', () => {
    const cells = itemCells({ ...run, groups: ['g10', 'g2'] }, [0, 1, 2, 3, 4])
    expect(cells.map((c) => c.id)).toEqual([102, 103, 101, 105, 104])
  })

  it('makes cells only for the indices asked for', () => {
    expect(itemCells(run, [2]).map((c) => c.id)).toEqual([103])
  })
})
