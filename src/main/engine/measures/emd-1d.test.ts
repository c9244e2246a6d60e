import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, expectClose, fixture, seeded } from './__fixtures__/testing'
import { emd1d, type Histogram1D } from './emd-1d'
import { MeasureError } from './errors'
import { plainEmd1d } from './reference/vectors'

interface EmdCase {
  kind: '1d' | 'grid' | 'signature'
  a: Histogram1D
  b: Histogram1D
  value: number
}

describe('1-D EMD against scipy.stats.wasserstein_distance', () => {
  it('matches on unit bins, shared positions and different unsorted positions to 1e-9', () => {
    const cases = fixture<EmdCase>('emd').cases.filter((c) => c.kind === '1d')
    expect(cases.filter((c) => c.a.positions === undefined).length).toBeGreaterThanOrEqual(4)
    expect(cases.filter((c) => c.a.positions !== c.b.positions).length).toBeGreaterThanOrEqual(3)
    for (const c of cases) {
      expectClose(emd1d(c.a, c.b), c.value, 1e-9, 1e-15)
      expectClose(emd1d(c.b, c.a), c.value, 1e-9, 1e-15)
      if (c.a.positions === undefined) expectClose(emd1d(Float32Array.from(c.a.weights), c.b.weights), c.value, 1e-6, 1e-7)
    }
  })
})

describe('1-D EMD, by hand', () => {
  it('moves mass along the line', () => {
    expect(emd1d([1, 0, 0], [0, 0, 1])).toBe(2)
    expect(emd1d([1, 0, 0], [0, 0.5, 0.5])).toBe(1.5)
    expect(emd1d({ weights: [1, 0], positions: [0, 10] }, { weights: [0, 1], positions: [0, 10] })).toBe(10)
    expect(emd1d({ weights: [1], positions: [3] }, { weights: [2], positions: [-1] })).toBe(4)
    expect(emd1d([5], [1])).toBe(0)
  })

  it('normalises: only the shape of each histogram matters', () => {
    expect(emd1d([1, 2, 3], [3, 2, 1])).toBeCloseTo(emd1d([10, 20, 30], [0.3, 0.2, 0.1]), 15)
  })

  it('sorts positions given in any order', () => {
    const sorted = emd1d({ weights: [1, 2, 3], positions: [0, 1, 5] }, { weights: [3, 2, 1], positions: [0, 1, 5] })
    expect(emd1d({ weights: [3, 1, 2], positions: [5, 0, 1] }, { weights: [1, 3, 2], positions: [5, 0, 1] })).toBeCloseTo(sorted, 15)
  })
})

describe('1-D EMD, properties', () => {
  const random = seeded(31)
  const histogram = (): number[] => Array.from({ length: 12 }, () => (random() < 0.3 ? 0 : random()))

  it('is a metric on normalised histograms', () => {
    expect(checkDistanceAxioms(emd1d, Array.from({ length: 14 }, histogram), true)).toBe(14 ** 3)
  })

  it('agrees with scipy\'s recipe written plainly', () => {
    for (let t = 0; t < 100; t++) {
      const u = histogram()
      const v = histogram()
      u[0] = 1
      v[3] = 1
      const pu = u.map(() => random() * 10)
      const pv = v.map(() => random() * 10)
      expectClose(emd1d(u, v), plainEmd1d(u, v), 1e-12, 1e-15)
      expectClose(emd1d({ weights: u, positions: pu }, { weights: v, positions: pv }), plainEmd1d(u, v, pu, pv), 1e-12, 1e-15)
    }
  })
})

describe('1-D EMD, bad input', () => {
  it('refuses negative, NaN or infinite weights and histograms without mass', () => {
    expect(() => emd1d([1, -1], [1, 1])).toThrow(MeasureError)
    expect(() => emd1d([1, 1], [1, NaN])).toThrow(/second histogram has weight NaN in bin 1/)
    expect(() => emd1d([Infinity, 1], [1, 1])).toThrow(/finite/)
    expect(() => emd1d([0, 0], [1, 1])).toThrow(/sum to 0/)
    expect(() => emd1d([], [])).toThrow(/no bins/)
  })

  it('refuses different binnings and bad positions', () => {
    expect(() => emd1d([1, 2, 3], [1, 2])).toThrow(/different numbers of bins \(3 and 2\)/)
    expect(() => emd1d({ weights: [1, 2], positions: [0] }, [1, 2])).toThrow(/2 weights but 1 positions/)
    expect(() => emd1d({ weights: [1, 2], positions: [0, NaN] }, [1, 2])).toThrow(/position NaN/)
    expect(() => emd1d(null as unknown as number[], [1])).toThrow(/no weights/)
  })
})
