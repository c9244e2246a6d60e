import { describe, expect, it } from 'vitest'
import { allKnn, type ExactMethod } from './build-index'
import { bruteKnnOf } from './reference'
import { gaussianWithDuplicates, integerGrid } from './testing'
import type { Matrix } from './types'

function expectAllKnnAsBrute(m: Matrix, k: number, method: ExactMethod): void {
  const got = allKnn(m, k, { method })
  expect(got.indices).toHaveLength(m.rows * k)
  for (let i = 0; i < m.rows; i++) {
    const want = bruteKnnOf(m, i, k)
    expect(Array.from(got.indices.subarray(i * k, i * k + k)), `${method}: row ${i}`).toEqual(Array.from(want.indices))
    expect(Array.from(got.distances.subarray(i * k, i * k + k))).toEqual(Array.from(want.distances))
  }
}

describe.each<ExactMethod>(['kd-tree', 'blocked'])('allKnn by %s against brute force', (method) => {
  it.each([1, 2, 3, 10, 50])('matches on %i-d points with duplicated rows', (dim) => {
    expectAllKnnAsBrute(gaussianWithDuplicates(dim + 20, 203, dim), 9, method)
  })

  it.each([2, 10])('matches on a %i-d integer grid, ties by index', (dim) => {
    expectAllKnnAsBrute(integerGrid(dim, 150, dim, 3), 12, method)
  })

  it('finds k = n − 1, every other point', () => {
    expectAllKnnAsBrute(gaussianWithDuplicates(5, 9, 4, 2), 8, method)
  })

  it('reports progress up to n and stops when aborted', () => {
    const m = gaussianWithDuplicates(6, 5000, method === 'blocked' ? 16 : 2)
    const seen: number[] = []
    allKnn(m, 3, { method, onProgress: (done, total) => seen.push(done / total) })
    expect(seen.at(-1)).toBe(1)
    expect(seen.every((x, t) => t === 0 || x >= seen[t - 1]!)).toBe(true)
    const controller = new AbortController()
    controller.abort(new Error('stopped by the user'))
    expect(() => allKnn(m, 3, { method, signal: controller.signal })).toThrow('stopped by the user')
  })
})

describe('allKnn, blocked', () => {
  it('stays exact where ‖a‖² + ‖b‖² − 2a·b cancels badly (points far from the origin)', () => {
    // Every point sits at 10⁶ in the first column: squared norms near 10¹², whose last bit is
    // worth about 10⁻⁴, against squared distances near 10⁻², so the estimates alone would
    // misorder neighbours; the re-check by the reference sum must put them right.
    const base = gaussianWithDuplicates(9, 160, 30)
    const data = base.data.map((x, p) => (p % 30 === 0 ? 1e6 : x * 0.01))
    expectAllKnnAsBrute({ ...base, data }, 6, 'blocked')
  })
})
