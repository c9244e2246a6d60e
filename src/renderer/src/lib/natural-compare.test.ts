import { describe, expect, it } from 'vitest'
import { inNaturalGroupOrder, naturalCompare, naturalRanks } from './natural-compare'

describe('naturalCompare', () => {
  it('orders numbers inside names by value', () => {
    expect(['g10', 'g2', 'g1', 'g9'].sort(naturalCompare)).toEqual(['g1', 'g2', 'g9', 'g10'])
    expect(['10', '2', '1'].sort(naturalCompare)).toEqual(['1', '2', '10'])
    expect(['run 10b', 'run 10a', 'run 9'].sort(naturalCompare)).toEqual(['run 9', 'run 10a', 'run 10b'])
  })

  it('ignores case except to break a tie, and is a consistent order', () => {
    expect(['b', 'A', 'a', 'B'].sort(naturalCompare)).toEqual(['A', 'a', 'B', 'b'])
    expect(naturalCompare('x', 'x')).toBe(0)
    expect(Math.sign(naturalCompare('a2', 'a10'))).toBe(-Math.sign(naturalCompare('a10', 'a2')))
  })
})

describe('inNaturalGroupOrder', () => {
  it('puts groups in natural order and keeps the order within each group', () => {
    const groups = ['g1', 'g10', 'g2']
    const items = [{ group: 0, id: 1 }, { group: 1, id: 2 }, { group: 1, id: 3 }, { group: 2, id: 4 }]
    expect(inNaturalGroupOrder(items, groups).map((i) => i.id)).toEqual([1, 4, 2, 3])
    expect(naturalRanks(groups)).toEqual([0, 2, 1])
  })
})
