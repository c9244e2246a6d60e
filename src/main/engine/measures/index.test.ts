import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, randomString, randomVector, seeded } from './__fixtures__/testing'
import { MEASURES, MeasureError, describeMeasures, getMeasure, gridSignature, type AnyMeasure, type MeasureInput, type MeasureKind } from './index'

const random = seeded(61)
/** Eight random inputs of each kind, valid for every measure of that kind. */
const SAMPLES: { [K in MeasureKind]: MeasureInput[K][] } = {
  vector: Array.from({ length: 8 }, () => randomVector(random, 6)),
  binary: Array.from({ length: 8 }, (_, i) => Array.from({ length: 10 }, (_, k) => (k === i || random() < 0.4 ? 1 : 0))),
  set: Array.from({ length: 8 }, () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => `t${Math.floor(random() * 8)}`)),
  string: Array.from({ length: 8 }, () => randomString(random, 'ACG', 12)),
  histogram: Array.from({ length: 8 }, () => Array.from({ length: 9 }, () => 0.1 + random())),
  signature: Array.from({ length: 8 }, () => gridSignature(Array.from({ length: 16 }, () => random()), 4, 4))
}

/** The measure as a plain two-argument function of its kind's samples. */
function call(m: AnyMeasure): (a: unknown, b: unknown) => number {
  return (a, b) => (m.compute as (x: unknown, y: unknown) => number)(a, b)
}

describe('measure registry', () => {
  it('lists every family once, with unique ids and the declared kinds', () => {
    const ids = MEASURES.map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ['euclidean', 'sqeuclidean', 'cosine-similarity', 'cosine-distance', 'manhattan', 'minkowski', 'chebyshev',
      'jaccard-set', 'jaccard-binary', 'hamming-string', 'hamming-binary', 'pearson', 'spearman', 'levenshtein', 'osa',
      'damerau-levenshtein', 'jaro', 'jaro-winkler', 'emd-1d', 'emd-signature']) {
      expect(getMeasure(id).id).toBe(id)
    }
    expect(getMeasure('osa').label).toMatch(/optimal string alignment/)
    expect(getMeasure('damerau-levenshtein').label).toMatch(/unrestricted/)
  })

  it('describes itself as plain data that survives JSON', () => {
    const listing = describeMeasures()
    expect(listing).toHaveLength(MEASURES.length)
    expect(JSON.parse(JSON.stringify(listing))).toEqual(listing)
    expect(describeMeasures('string').map((m) => m.id)).toEqual(['hamming-string', 'levenshtein', 'osa', 'damerau-levenshtein', 'jaro', 'jaro-winkler'])
  })

  it('keeps each measure within its declared range, and similarities at their maximum on identical inputs', () => {
    for (const m of MEASURES) {
      const xs = SAMPLES[m.kind] as unknown[]
      const [lo, hi] = m.range
      for (const a of xs) {
        for (const b of xs) {
          const v = call(m)(a, b)
          expect(v, m.id).toBeGreaterThanOrEqual(lo - 1e-12)
          if (hi !== null) expect(v, m.id).toBeLessThanOrEqual(hi + 1e-12)
        }
        if (m.orientation === 'similarity') expect(call(m)(a, a), m.id).toBeCloseTo(hi!, 12)
      }
    }
  })

  it('marks as metric exactly the distances that satisfy the axioms on random inputs', () => {
    for (const m of MEASURES.filter((x) => x.metric)) {
      expect(m.orientation).toBe('distance')
      expect(checkDistanceAxioms(call(m), SAMPLES[m.kind] as unknown[], true, 1e-9), m.id).toBe(512)
    }
    // Every non-metric distance has a known counterexample to the triangle inequality.
    const counter: Record<string, [unknown, unknown, unknown]> = {
      sqeuclidean: [[0], [1], [2]],
      'cosine-distance': [[1, 0], [1, 1], [0, 1]],
      osa: ['CA', 'AC', 'ABC']
    }
    for (const m of MEASURES.filter((x) => x.orientation === 'distance' && !x.metric)) {
      const [a, b, c] = counter[m.id]!
      expect(call(m)(a, c), m.id).toBeGreaterThan(call(m)(a, b) + call(m)(b, c))
    }
  })

  it('passes parameters through, with defaults and checks', () => {
    const minkowski = getMeasure('minkowski')
    const [a, b] = [[0, 0], [3, 4]]
    expect(minkowski.params.map((p) => p.name)).toEqual(['p'])
    expect(call(minkowski)(a, b)).toBe(5) // default p = 2
    expect((minkowski.compute as (x: number[], y: number[], p: object) => number)(a, b, { p: 1 })).toBe(7)
    const levenshtein = getMeasure('levenshtein')
    const lev = levenshtein.compute as (x: string, y: string, p?: object) => number
    expect(lev('kitten', 'sitting', { maxDistance: 1 })).toBe(2)
    expect(lev('kitten', 'sitting')).toBe(3)
    expect(() => lev('a', 'b', { maxDistance: 0.5 })).toThrow(/maxDistance must be a whole number ≥ 0/)
    expect(() => lev('a', 'b', { maxDist: 1 })).toThrow(/unknown parameter "maxDist". Parameters: maxDistance/)
    expect(() => (minkowski.compute as (x: number[], y: number[], p: object) => number)(a, b, { p: 0.5 })).toThrow(MeasureError)
  })

  it('names the known measures when asked for an unknown one', () => {
    expect(() => getMeasure('euclid')).toThrow(/There is no measure "euclid". Measures: euclidean, /)
  })
})
