import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, expectClose, fixture, seeded } from './__fixtures__/testing'
import { MeasureError } from './errors'
import { jaccardBinaryDistance, jaccardBinarySimilarity, jaccardSetDistance, jaccardSetSimilarity } from './jaccard'
import { plainJaccardBinaryDistance, plainJaccardSetDistance } from './reference/vectors'

interface BinaryCase {
  kind: 'binary' | 'set'
  a: (number | string)[]
  b: (number | string)[]
  jaccard: number
}

const cases = fixture<BinaryCase>('binary').cases

describe('Jaccard against scipy.spatial.distance.jaccard', () => {
  it('matches on 0/1 vectors to 1e-9', () => {
    const binary = cases.filter((c) => c.kind === 'binary')
    expect(binary.length).toBeGreaterThan(8)
    for (const c of binary) {
      expectClose(jaccardBinaryDistance(Uint8Array.from(c.a as number[]), c.b as number[]), c.jaccard, 1e-9)
    }
  })

  it('matches on token sets (as indicator vectors over their union) to 1e-9', () => {
    const sets = cases.filter((c) => c.kind === 'set')
    expect(sets.length).toBeGreaterThanOrEqual(5)
    for (const c of sets) {
      expectClose(jaccardSetDistance(c.a, new Set(c.b)), c.jaccard, 1e-9)
      expectClose(jaccardSetSimilarity(c.a, c.b), 1 - c.jaccard, 1e-9)
    }
  })
})

describe('Jaccard, by hand', () => {
  it('divides the shared tokens by all tokens', () => {
    expect(jaccardSetSimilarity(['a', 'b', 'c'], ['b', 'c', 'd'])).toBe(0.5)
    expect(jaccardSetDistance(['a', 'a', 'b'], ['b'])).toBe(0.5) // duplicates count once
    expect(jaccardSetSimilarity([1, 2], ['1', '2'])).toBe(0) // 1 and '1' are different tokens
    expect(jaccardBinarySimilarity([1, 1, 0, 0], [0, 1, 1, 0])).toBeCloseTo(1 / 3, 15)
  })

  it('puts two empty sets, or two all-zero vectors, at distance 0 as scipy does', () => {
    expect(jaccardSetDistance([], new Set())).toBe(0)
    expect(jaccardSetSimilarity([], [])).toBe(1)
    expect(jaccardBinaryDistance([0, 0, 0], [0, 0, 0])).toBe(0)
    expect(jaccardSetDistance([], ['x'])).toBe(1)
  })
})

describe('Jaccard distance, properties', () => {
  const random = seeded(21)
  const sets = Array.from({ length: 14 }, () => Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * 12)))
  const vectors = Array.from({ length: 14 }, () => Array.from({ length: 20 }, () => (random() < 0.3 ? 1 : 0)))

  it('is a metric on sets and on binary vectors', () => {
    expect(checkDistanceAxioms(jaccardSetDistance, sets, true)).toBe(14 ** 3)
    expect(checkDistanceAxioms(jaccardBinaryDistance, vectors, true)).toBe(14 ** 3)
  })

  it('agrees with the plain versions, and the set and vector forms agree', () => {
    for (let i = 0; i < sets.length; i++) {
      for (let j = 0; j < sets.length; j++) {
        expect(jaccardSetDistance(sets[i]!, sets[j]!)).toBeCloseTo(plainJaccardSetDistance(sets[i]!, sets[j]!), 15)
        expect(jaccardBinaryDistance(vectors[i]!, vectors[j]!)).toBeCloseTo(plainJaccardBinaryDistance(vectors[i]!, vectors[j]!), 15)
        const positions = (v: number[]): number[] => v.flatMap((x, k) => (x ? [k] : []))
        expect(jaccardSetDistance(positions(vectors[i]!), positions(vectors[j]!))).toBe(jaccardBinaryDistance(vectors[i]!, vectors[j]!))
      }
    }
  })
})

describe('Jaccard, bad input', () => {
  it('refuses vectors that are not 0/1', () => {
    expect(() => jaccardBinaryDistance([0, 2], [1, 1])).toThrow(MeasureError)
    expect(() => jaccardBinaryDistance([0, 1], [1, 0.5])).toThrow(/second vector has 0.5 at index 1/)
    expect(() => jaccardBinaryDistance([0, NaN], [1, 0])).toThrow(/NaN/)
    expect(() => jaccardBinaryDistance([0, 1], [1])).toThrow(/different lengths/)
  })

  it('refuses tokens that are not strings or finite numbers, and non-sets', () => {
    expect(() => jaccardSetDistance([1, NaN], [1])).toThrow(/tokens must be strings or finite numbers/)
    expect(() => jaccardSetDistance([{}] as unknown as string[], [1])).toThrow(MeasureError)
    expect(() => jaccardSetDistance('abc' as unknown as string[], ['a'])).toThrow(/not a set/)
  })
})
