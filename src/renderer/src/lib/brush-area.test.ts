import { describe, expect, it } from 'vitest'
import { inPolygon, pointsInAreas, type Vec2 } from './brush-area'

// A concave "L": the notch at the top right is outside.
const ell: Vec2[] = [
  [0, 0],
  [4, 0],
  [4, 2],
  [2, 2],
  [2, 4],
  [0, 4]
]

describe('inPolygon', () => {
  it('finds points inside a concave outline and not in its notch', () => {
    expect(inPolygon(1, 1, ell)).toBe(true)
    expect(inPolygon(3, 1, ell)).toBe(true)
    expect(inPolygon(1, 3, ell)).toBe(true)
    expect(inPolygon(3, 3, ell)).toBe(false)
    expect(inPolygon(-1, 1, ell)).toBe(false)
  })
})

describe('pointsInAreas', () => {
  const x = [1, 3, 3, 10, 1]
  const y = [1, 1, 3, 10, 3]
  const all = [0, 1, 2, 3, 4]

  it('selects by rectangle whichever way it was dragged, edges included', () => {
    expect(pointsInAreas(x, y, all, [{ brushType: 'rect', coordRange: [[4, 0], [0, 2]] }])).toEqual([0, 1])
    expect(pointsInAreas(x, y, all, [{ brushType: 'rect', coordRange: [[3, 3], [1, 3]] }])).toEqual([1, 2])
    expect(pointsInAreas(x, y, all, [{ brushType: 'rect', coordRange: [[5, 9], [0, 9]] }])).toEqual([])
  })

  it('selects by lasso, only among the candidates, ascending', () => {
    expect(pointsInAreas(x, y, all, [{ brushType: 'polygon', coordRange: ell }])).toEqual([0, 1, 4])
    expect(pointsInAreas(x, y, [4, 0], [{ brushType: 'polygon', coordRange: ell }])).toEqual([0, 4])
  })

  it('joins several areas without repeating a point', () => {
    const areas = [
      { brushType: 'polygon' as const, coordRange: ell },
      { brushType: 'rect' as const, coordRange: [[0, 20], [0, 20]] as const }
    ]
    expect(pointsInAreas(x, y, all, areas)).toEqual([0, 1, 2, 3, 4])
  })

  it('ignores a lasso too short to enclose anything', () => {
    const line: Vec2[] = [
      [0, 0],
      [5, 5]
    ]
    expect(pointsInAreas(x, y, all, [{ brushType: 'polygon', coordRange: line }])).toEqual([])
  })
})
