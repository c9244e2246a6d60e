import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, expectClose, fixture, randomVector, seeded } from './__fixtures__/testing'
import { MeasureError } from './errors'
import { chebyshev, euclidean, manhattan, minkowski, squaredEuclidean } from './minkowski'
import { plainChebyshev, plainEuclidean, plainManhattan, plainMinkowski } from './reference/vectors'

interface VectorCase {
  label: string
  a: number[]
  b: number[]
  euclidean: number
  sqeuclidean: number
  cityblock: number
  chebyshev: number
  minkowski: { p: number; value: number }[]
}

const cases = fixture<VectorCase>('vectors').cases
// The fixture values are float32 numbers, so every container holds exactly the same vectors.
const containers = [
  ['number[]', (v: number[]) => v],
  ['Float64Array', (v: number[]) => Float64Array.from(v)],
  ['Float32Array', (v: number[]) => Float32Array.from(v)]
] as const

describe('Minkowski family against scipy.spatial.distance', () => {
  it.each(containers)('matches on %s inputs to 1e-9', (_name, wrap) => {
    expect(cases.length).toBeGreaterThan(20)
    for (const c of cases) {
      const a = wrap(c.a)
      const b = wrap(c.b)
      expectClose(euclidean(a, b), c.euclidean, 1e-9, 0, `${c.label} euclidean`)
      expectClose(squaredEuclidean(a, b), c.sqeuclidean, 1e-9, 0, `${c.label} sqeuclidean`)
      expectClose(manhattan(a, b), c.cityblock, 1e-9, 0, `${c.label} cityblock`)
      expectClose(chebyshev(a, b), c.chebyshev, 1e-9, 0, `${c.label} chebyshev`)
      for (const { p, value } of c.minkowski) expectClose(minkowski(a, b, p), value, 1e-9, 0, `${c.label} minkowski p=${p}`)
    }
  })
})

describe('Minkowski family, by hand', () => {
  const a = [0, 0, 1]
  const b = [3, 4, 1]
  it('computes the 3-4-5 triangle', () => {
    expect(euclidean(a, b)).toBe(5)
    expect(squaredEuclidean(a, b)).toBe(25)
    expect(manhattan(a, b)).toBe(7)
    expect(chebyshev(a, b)).toBe(4)
    expectClose(minkowski(a, b, 3), Math.cbrt(27 + 64), 1e-15)
    expect(minkowski(a, b, 1)).toBe(7)
    expect(minkowski(a, b, 2)).toBe(5)
    expect(minkowski(a, b, Infinity)).toBe(4)
  })

  it('keeps Minkowski finite for a large p where |d|^p alone would overflow', () => {
    expectClose(minkowski([0, 0], [1e10, 1e10], 40), 1e10 * 2 ** (1 / 40), 1e-12)
  })

  it('uses the tail loop for lengths that are not a multiple of four', () => {
    for (let n = 1; n <= 9; n++) {
      const x = Array.from({ length: n }, (_, i) => i)
      const y = Array.from({ length: n }, () => 0)
      expect(squaredEuclidean(x, y)).toBe((n - 1) * n * (2 * n - 1) / 6)
      expect(manhattan(x, y)).toBe((n * (n - 1)) / 2)
    }
  })
})

describe('Minkowski family, properties', () => {
  const random = seeded(7)
  const samples = Array.from({ length: 14 }, (_, i) => randomVector(random, 13, i % 3 === 0 ? 100 : 1))

  it.each([
    ['Euclidean', euclidean],
    ['Manhattan', manhattan],
    ['Chebyshev', chebyshev],
    ['Minkowski p=1.5', (x: Float64Array, y: Float64Array) => minkowski(x, y, 1.5)],
    ['Minkowski p=3', (x: Float64Array, y: Float64Array) => minkowski(x, y, 3)]
  ])('%s is a metric', (_name, d) => {
    expect(checkDistanceAxioms(d, samples, true)).toBe(14 ** 3)
  })

  it('squared Euclidean and Minkowski with p < 1 break the triangle inequality', () => {
    checkDistanceAxioms(squaredEuclidean, samples, false)
    expect(squaredEuclidean([0], [2])).toBeGreaterThan(squaredEuclidean([0], [1]) + squaredEuclidean([1], [2]))
    const half = (x: number[], y: number[]): number => minkowski(x, y, 0.5)
    expect(half([0, 0], [1, 1])).toBeGreaterThan(half([0, 0], [1, 0]) + half([1, 0], [1, 1]))
  })

  it('agrees with the plain loops on random vectors', () => {
    for (let t = 0; t < 50; t++) {
      const n = 1 + Math.floor(random() * 300)
      const x = randomVector(random, n)
      const y = randomVector(random, n)
      expectClose(euclidean(x, y), plainEuclidean(x, y), 1e-12)
      expectClose(manhattan(x, y), plainManhattan(x, y), 1e-12)
      expect(chebyshev(x, y)).toBe(plainChebyshev(x, y))
      expectClose(minkowski(x, y, 2.5), plainMinkowski(x, y, 2.5), 1e-12)
    }
  })
})

describe('Minkowski family, bad input', () => {
  const all = [euclidean, squaredEuclidean, manhattan, chebyshev, (x: number[], y: number[]) => minkowski(x, y, 3)]

  it.each([
    ['a NaN', [1, NaN, 3], [1, 2, 3], /NaN at index 1/],
    ['an infinity', [1, 2, 3], [1, 2, -Infinity], /second vector has -Infinity at index 2/],
    ['different lengths', [1, 2, 3], [1, 2], /different lengths \(3 and 2\)/],
    ['empty vectors', [], [], /empty/]
  ])('rejects %s with a MeasureError', (_what, x, y, message) => {
    for (const d of all) {
      expect(() => d(x, y)).toThrow(MeasureError)
      expect(() => d(x, y)).toThrow(message)
    }
  })

  it('rejects a NaN even where the maximum would skip it', () => {
    expect(() => chebyshev([5, NaN], [0, 0])).toThrow(/NaN at index 1/)
  })

  it('rejects non-vectors and values too large for double precision', () => {
    expect(() => euclidean('abc' as unknown as number[], [1, 2, 3])).toThrow(/not a vector/)
    expect(() => euclidean([1e200, 0], [-1e200, 0])).toThrow(/too large/)
  })

  it('rejects a Minkowski p that is not a positive number', () => {
    for (const p of [0, -1, NaN]) expect(() => minkowski([1], [2], p)).toThrow(/p must be a number greater than 0/)
  })
})
