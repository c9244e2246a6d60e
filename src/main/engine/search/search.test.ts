import { describe, expect, it } from 'vitest'
import { allKnn, buildIndex, type ExactMethod } from './build-index'
import { BlockedIndex } from './blocked'
import { KdTree } from './kd-tree'
import { bruteKnnOf, bruteRange } from './reference'
import { gaussianWithDuplicates, integerGrid } from './testing'
import { SearchError, type Matrix, type NeighbourIndex } from './types'

const METHODS: ExactMethod[] = ['kd-tree', 'blocked']
const DIMS = [1, 2, 3, 10, 50]

function sorted(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b)
}

/** Every 7th point's neighbours at a few k and radii, against brute force. */
function expectSameAsBrute(index: NeighbourIndex, m: Matrix, label: string): void {
  for (let i = 0; i < m.rows; i += 7) {
    for (const k of [1, 5, 17]) {
      const got = index.knnOf(i, k)
      const want = bruteKnnOf(m, i, k)
      expect(Array.from(got.indices), `${label}: knnOf(${i}, ${k})`).toEqual(Array.from(want.indices))
      expect(Array.from(got.distances)).toEqual(Array.from(want.distances))
    }
    // Radii at the 3rd and 20th neighbour's exact distance put points right on the boundary.
    const radii = [0, bruteKnnOf(m, i, 3).distances[2]!, bruteKnnOf(m, i, 20).distances[19]!, 1e9]
    for (const r of radii) {
      expect(sorted(index.rangeOf(i, r)), `${label}: rangeOf(${i}, ${r})`).toEqual(bruteRange(m, m.data, i * m.cols, r))
    }
  }
}

describe.each(METHODS)('%s index against brute force', (method) => {
  it.each(DIMS)('matches on %i-d Gaussian points with duplicated rows', (dim) => {
    const m = gaussianWithDuplicates(dim, 240, dim)
    const index = buildIndex(m, { method })
    expect(index.size).toBe(240)
    expect(index.dim).toBe(dim)
    expectSameAsBrute(index, m, `${method} ${dim}-d`)
  })

  it.each(DIMS)('matches on a %i-d integer grid, where ties are everywhere', (dim) => {
    const m = integerGrid(100 + dim, 200, dim, dim === 1 ? 20 : 3)
    expectSameAsBrute(buildIndex(m, { method }), m, `${method} grid ${dim}-d`)
  })

  it('answers query vectors that are not in the index', () => {
    const m = gaussianWithDuplicates(7, 300, 3)
    const q = gaussianWithDuplicates(8, 20, 3)
    const index = buildIndex(m, { method })
    for (let t = 0; t < q.rows; t++) {
      const query = q.data.subarray(t * 3, t * 3 + 3)
      for (const r of [0.3, 0.8]) expect(sorted(index.range(query, r))).toEqual(bruteRange(m, q.data, t * 3, r))
    }
  })

  it('counts a point exactly at the radius as inside, as scikit-learn does', () => {
    const m = { data: Float32Array.from([0, 0, 3, 4, 6, 8, 0, 5.000001]), rows: 4, cols: 2 }
    const index = buildIndex(m, { method })
    expect(sorted(index.rangeOf(0, 5))).toEqual([0, 1])
    expect(sorted(index.rangeOf(1, 5))).toEqual([0, 1, 2, 3])
    expect(sorted(index.range(Float32Array.from([0, 0]), 4.999999)), 'just short of the radius').toEqual([0])
  })

  it('reuses the out array', () => {
    const m = integerGrid(3, 50, 2)
    const index = buildIndex(m, { method })
    const out = [99, 98, 97]
    const got = index.rangeOf(5, 1, out)
    expect(got).toBe(out)
    expect(sorted(got)).toEqual(bruteRange(m, m.data, 10, 1))
  })

  it('refuses k beyond the other points, bad points and bad radii with clear errors', () => {
    const index = buildIndex(integerGrid(4, 3, 2), { method })
    expect(() => index.knnOf(0, 3)).toThrow(/k = 3 neighbours were asked for, but there are only 2 other points/)
    expect(index.knnOf(0, 2).indices).toHaveLength(2)
    expect(() => index.knnOf(3, 1)).toThrow(/no point 3/)
    expect(() => index.rangeOf(0, -1)).toThrow(SearchError)
    expect(() => index.rangeOf(0, NaN)).toThrow(/radius must be a number/)
    expect(() => index.range(Float32Array.from([1, 2, 3]), 1)).toThrow(/3 values, but the index holds 2-dimensional/)
  })

  it('takes an empty matrix', () => {
    const index = buildIndex({ data: new Float32Array(0), rows: 0, cols: 4 }, { method })
    expect(index.size).toBe(0)
    expect(index.range(new Float32Array(4), 10)).toEqual([])
    expect(() => index.rangeOf(0, 1)).toThrow(/no point 0/)
  })
})

describe('index construction', () => {
  it('refuses NaN and infinities, naming the row and column', () => {
    const data = Float32Array.from([0, 1, 2, 3, NaN, 5])
    expect(() => buildIndex({ data, rows: 3, cols: 2 })).toThrow(/Row 2 has NaN in column 0\. Remove or impute missing values/)
    data[4] = Infinity
    expect(() => new BlockedIndex({ data, rows: 3, cols: 2 })).toThrow(/Row 2 has Infinity/)
  })

  it('refuses a shape that does not match the data', () => {
    expect(() => new KdTree({ data: new Float32Array(5), rows: 2, cols: 2 })).toThrow(/has 5 values, but 2 × 2 needs 4/)
  })

  it('picks the k-d tree for low and the blocked scan for high dimensions', () => {
    expect(buildIndex(integerGrid(1, 10, 2))).toBeInstanceOf(KdTree)
    expect(buildIndex(integerGrid(1, 10, 64))).toBeInstanceOf(BlockedIndex)
    expect(() => buildIndex(integerGrid(1, 10, 2), { method: 'lsh' as ExactMethod })).toThrow(/no search method "lsh"/)
  })
})

describe('allKnn', () => {
  it('refuses k beyond n − 1 and returns empty arrays for an empty matrix', () => {
    expect(() => allKnn(integerGrid(1, 5, 2), 5)).toThrow(/only 4 other points/)
    const empty = allKnn({ data: new Float32Array(0), rows: 0, cols: 3 }, 5)
    expect(empty.indices).toHaveLength(0)
    expect(empty.distances).toHaveLength(0)
  })
})
