import { describe, expect, it } from 'vitest'
import { expectClose, fixture, randomVector, seeded } from './__fixtures__/testing'
import { pearson, ranks, spearman } from './correlation'
import { MeasureError } from './errors'
import { plainRanks, plainSpearman } from './reference/vectors'

interface VectorCase {
  label: string
  a: number[]
  b: number[]
  pearson?: number
  spearman?: number
}

describe('correlations against scipy.stats', () => {
  const cases = fixture<VectorCase>('vectors').cases.filter((c) => c.pearson !== undefined)

  it('matches pearsonr to 1e-9', () => {
    expect(cases.length).toBeGreaterThan(20)
    for (const c of cases) expectClose(pearson(Float32Array.from(c.a), c.b), c.pearson!, 1e-9, 1e-15, c.label)
  })

  it('matches spearmanr to 1e-9, ties included', () => {
    const tied = cases.filter((c) => c.label === 'ties')
    expect(tied.length).toBeGreaterThanOrEqual(4)
    for (const c of cases) expectClose(spearman(c.a, Float64Array.from(c.b)), c.spearman!, 1e-9, 1e-15, c.label)
  })
})

describe('correlations, by hand', () => {
  it('gives ±1 for exact linear relations and 0 for an orthogonal one', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBe(1)
    expect(pearson([1, 2, 3], [3, 2, 1])).toBe(-1)
    expect(pearson([1, 2, 3, 4], [1, -1, -1, 1])).toBe(0)
  })

  it('ranks ties by their average rank', () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1])
    expect(Array.from(ranks([3, 3, 3]))).toEqual([2, 2, 2])
    expect(Array.from(ranks([0, -0, 1]))).toEqual([1.5, 1.5, 3]) // −0 ties with 0
    // a = [1, 2, 2, 3] ranks 1, 2.5, 2.5, 4; b = [3, 1, 1, 2] ranks 4, 1.5, 1.5, 3: r = −1/3.
    expectClose(spearman([1, 2, 2, 3], [3, 1, 1, 2]), -1 / 3, 1e-15)
  })

  it('makes Spearman see only order: a monotone transform changes nothing', () => {
    const random = seeded(5)
    for (let t = 0; t < 50; t++) {
      const x = randomVector(random, 30)
      const y = x.map((v) => v + 0.5 * (random() - 0.5))
      expectClose(spearman(x.map(Math.exp), y), spearman(x, y), 1e-12)
      expectClose(spearman(x, y), plainSpearman(x, y), 1e-12)
      expect(Array.from(ranks(y))).toEqual(plainRanks(y))
    }
  })

  it('is symmetric, 1 against itself and within [-1, 1]', () => {
    const random = seeded(9)
    for (let t = 0; t < 50; t++) {
      const x = randomVector(random, 12, 1000)
      const y = randomVector(random, 12)
      expect(pearson(x, y)).toBe(pearson(y, x))
      expect(spearman(x, y)).toBe(spearman(y, x))
      expectClose(pearson(x, x), 1, 1e-15)
      expect(spearman(x, x)).toBe(1)
      expect(Math.abs(pearson(x, y))).toBeLessThanOrEqual(1)
    }
  })

  it('stays accurate far from zero, where a one-pass formula cancels', () => {
    expectClose(pearson([1e9 + 1, 1e9 + 2, 1e9 + 3], [1, 2, 3]), 1, 1e-12)
  })
})

describe('correlations, bad input', () => {
  it('refuses constant vectors, where the correlation is undefined', () => {
    expect(() => pearson([2, 2, 2], [1, 2, 3])).toThrow(MeasureError)
    expect(() => pearson([1, 2, 3], [0.1, 0.1, 0.1])).toThrow(/second vector is constant/)
    expect(() => spearman([1, 2, 3], [5, 5, 5])).toThrow(/constant/)
  })

  it('refuses fewer than two values, NaN, infinities and length mismatches', () => {
    expect(() => pearson([1], [2])).toThrow(/at least two values/)
    expect(() => spearman([1, NaN, 3], [1, 2, 3])).toThrow(/NaN at index 1/)
    expect(() => pearson([1, 2, 3], [1, 2, Infinity])).toThrow(/Infinity/)
    expect(() => spearman([1, 2], [1, 2, 3])).toThrow(/different lengths/)
  })
})
