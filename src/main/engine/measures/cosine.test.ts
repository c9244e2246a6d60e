import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, expectClose, fixture, randomVector, seeded } from './__fixtures__/testing'
import { cosineDistance, cosineSimilarity } from './cosine'
import { MeasureError } from './errors'
import { plainCosineSimilarity } from './reference/vectors'

interface VectorCase {
  label: string
  a: number[]
  b: number[]
  cosine?: number
}

describe('cosine against scipy.spatial.distance.cosine', () => {
  it('matches the distance to 1e-9, on Float64Array and Float32Array', () => {
    const cases = fixture<VectorCase>('vectors').cases.filter((c) => c.cosine !== undefined)
    expect(cases.length).toBeGreaterThan(20)
    for (const c of cases) {
      // Near 0 the distance is a difference of nearly equal numbers: allow 1e-15 absolute besides.
      expectClose(cosineDistance(Float64Array.from(c.a), Float64Array.from(c.b)), c.cosine!, 1e-9, 1e-15, c.label)
      expectClose(cosineDistance(Float32Array.from(c.a), Float32Array.from(c.b)), c.cosine!, 1e-9, 1e-15, c.label)
      expectClose(cosineSimilarity(c.a, c.b), 1 - c.cosine!, 1e-9, 1e-15, c.label)
    }
  })
})

describe('cosine, by hand', () => {
  it('gives the cosines of simple angles', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0)
    expect(cosineDistance([1, 0], [0, 1])).toBe(1)
    expect(cosineSimilarity([1, 0], [-3, 0])).toBe(-1)
    expect(cosineDistance([1, 0], [-3, 0])).toBe(2)
    expectClose(cosineSimilarity([1, 0], [1, 1]), Math.SQRT1_2, 1e-15)
    expectClose(cosineSimilarity([1, 2, 3], [4, 5, 6]), 32 / Math.sqrt(14 * 77), 1e-15)
  })

  it('ignores length: scaling a vector leaves the cosine unchanged, and stays within [-1, 1]', () => {
    const random = seeded(3)
    for (let t = 0; t < 100; t++) {
      const x = randomVector(random, 17)
      const y = randomVector(random, 17)
      const s = cosineSimilarity(x, y)
      expectClose(cosineSimilarity(x.map((v) => v * 1e3), y), s, 1e-12, 1e-15)
      expect(Math.abs(s)).toBeLessThanOrEqual(1)
      expectClose(s, plainCosineSimilarity(x, y), 1e-12, 1e-15)
      expect(cosineSimilarity(x, x)).toBeCloseTo(1, 15)
    }
  })
})

describe('cosine distance, properties', () => {
  it('is symmetric, non-negative and 0 from a vector to itself', () => {
    const random = seeded(11)
    checkDistanceAxioms(cosineDistance, Array.from({ length: 12 }, () => randomVector(random, 9)), false, 1e-15)
  })

  it('is not a metric: it breaks the triangle inequality', () => {
    const [a, b, c] = [[1, 0], [1, 1], [0, 1]]
    expect(cosineDistance(a, c)).toBeGreaterThan(cosineDistance(a, b) + cosineDistance(b, c))
  })
})

describe('cosine, bad input', () => {
  it('refuses a zero vector, which has no direction', () => {
    expect(() => cosineSimilarity([0, 0], [1, 2])).toThrow(MeasureError)
    expect(() => cosineDistance([1, 2], [0, 0])).toThrow(/second vector is all zeros/)
  })

  it('refuses NaN, infinities, length mismatches and empty vectors', () => {
    expect(() => cosineSimilarity([1, NaN], [1, 2])).toThrow(/first vector has NaN at index 1/)
    expect(() => cosineSimilarity([1, 2], [Infinity, 2])).toThrow(/Infinity at index 0/)
    expect(() => cosineDistance([1, 2, 3], [1, 2])).toThrow(/different lengths/)
    expect(() => cosineDistance([], [])).toThrow(/empty/)
  })
})
