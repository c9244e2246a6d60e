import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { allKnn } from '../search/build-index'
import { KdTree } from '../search/kd-tree'
import { gaussianWithDuplicates } from '../search/testing'
import type { Matrix } from '../search/types'
import { dbscan } from './dbscan'
import { KDistanceError, chooseEps, downsampleCurve, kDistanceCurve, kForMinSamples } from './k-distance'

interface DbscanCase { label: string; rows: number; cols: number; data: number[]; eps: number; min_samples: number; core_sample_indices: number[] }
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as T
const dbscanCases = read<{ cases: DbscanCase[] }>('dbscan.json').cases
const sklearn = read<{ case: string; cases: { k: number; distances: number[] }[] }>('dbscan-k-distance.json')
const matrixOf = (c: DbscanCase): Matrix => ({ data: Float32Array.from(c.data), rows: c.rows, cols: c.cols })

describe('k-distances against scikit-learn NearestNeighbors', () => {
  const m = matrixOf(dbscanCases.find((c) => c.label === sklearn.case)!)

  it.each(sklearn.cases.map((c) => [c.k, c.distances] as const))('k = %i: each point, and the sorted curve', (k, want) => {
    expect(want).toHaveLength(m.rows)
    const knn = allKnn(m, k)
    for (let i = 0; i < m.rows; i++) expect(knn.distances[i * k + k - 1]).toBeCloseTo(want[i]!, 5)
    const curve = kDistanceCurve(m, k)
    const sorted = [...want].sort((a, b) => b - a)
    expect(curve.distances).toHaveLength(m.rows)
    curve.distances.forEach((d, i) => expect(d).toBeCloseTo(sorted[i]!, 5))
    expect(curve).toMatchObject({ k, sampled: false, n: m.rows, total: m.rows })
  })

  it('marks as core exactly the points whose (minSamples − 1)-distance is ≤ eps', () => {
    for (const c of dbscanCases) {
      if (c.min_samples < 2) continue
      const k = kForMinSamples(c.min_samples)
      const knn = allKnn(matrixOf(c), k)
      // Float32 distances are rounded, which could misplace a distance within 10⁻⁷ of eps; the
      // fixtures have none but exact ones (small integers), which float32 holds exactly.
      const core = Array.from({ length: c.rows }, (_, i) => i).filter((i) => knn.distances[i * k + k - 1]! <= c.eps)
      expect(core, c.label).toEqual(c.core_sample_indices)
    }
  })
})

describe('chooseEps', () => {
  it('finds the knee farthest from the chord on normalised axes', () => {
    // x = i/10, y = (d − 1)/9: 1 − x − y is 0.567, 0.689, 0.644, 0.6 at positions 1 to 4.
    expect(chooseEps([10, 4, 2, 1.5, 1, 1, 1, 1, 1, 1, 1])).toEqual({ eps: 2, kneeIndex: 2 })
    expect(chooseEps({ distances: Float32Array.from([10, 4, 2, 1.5, 1, 1, 1, 1, 1, 1, 1]) }).kneeIndex).toBe(2)
  })

  it('separates noise from clusters on blobs with noise', () => {
    const c = dbscanCases.find((x) => x.label === 'blobs with noise')!
    const m = matrixOf(c)
    const { eps } = chooseEps(kDistanceCurve(m, kForMinSamples(5)))
    const result = dbscan(m, { eps, minSamples: 5 })
    expect(result.nClusters).toBe(3)
    const noise = result.labels.filter((l) => l === -1).length
    expect(noise / m.rows).toBeGreaterThan(0.02)
    expect(noise / m.rows).toBeLessThan(0.2)
  })

  it('steps off a knee at distance 0 to the smallest positive distance, and refuses an all-zero curve', () => {
    expect(chooseEps([9, 0.5, 0, 0, 0, 0, 0, 0, 0])).toEqual({ eps: 0.5, kneeIndex: 1 })
    expect(() => chooseEps([0, 0, 0])).toThrow(/all k-distances are 0.*Remove duplicates or raise minSamples/)
  })

  it('refuses an empty or unsorted curve', () => {
    expect(() => chooseEps([])).toThrow(KDistanceError)
    expect(() => chooseEps([1, 2, 0])).toThrow(/descending order; position 1/)
  })
})

describe('kDistanceCurve', () => {
  const m = gaussianWithDuplicates(21, 3000, 3)

  it('samples a seeded subset of points, each measured against all points', () => {
    const full = kDistanceCurve(m, 6)
    const fullValues = new Set(full.distances)
    const a = kDistanceCurve(m, 6, { sample: 400, seed: 7 })
    expect(a).toMatchObject({ sampled: true, n: 400, total: 3000, seed: 7 })
    expect(a.distances.every((d) => fullValues.has(d))).toBe(true)
    expect(Array.from(kDistanceCurve(m, 6, { sample: 400, seed: 7 }).distances)).toEqual(Array.from(a.distances))
    expect(Array.from(kDistanceCurve(m, 6, { sample: 400, seed: 8 }).distances)).not.toEqual(Array.from(a.distances))
    expect(kDistanceCurve(m, 6, { sample: 5000 }).sampled).toBe(false)
  })

  it('gives the same curve through a given index', () => {
    expect(Array.from(kDistanceCurve(m, 4, { index: new KdTree(m) }).distances)).toEqual(Array.from(kDistanceCurve(m, 4).distances))
  })

  it('refuses k too large for the data, a bad sample and minSamples below 2', () => {
    expect(() => kDistanceCurve(gaussianWithDuplicates(1, 4, 2), 4)).toThrow(/only 3 other points/)
    expect(() => kDistanceCurve(m, 4, { sample: 0 })).toThrow(/sample must be a whole number/)
    expect(() => kForMinSamples(1)).toThrow(/minSamples ≥ 2/)
    expect(kForMinSamples(5)).toBe(4)
  })
})

describe('downsampleCurve', () => {
  it('keeps at most 1,000 points, both ends, and the steep head', () => {
    // 70,000 points: a head of 700 falling from 10 to 1, then a slow tail.
    const curve = Float32Array.from({ length: 70_000 }, (_, i) => (i < 700 ? 10 - (9 * i) / 700 : 1 - (0.5 * (i - 700)) / 69_300))
    const shown = downsampleCurve(curve)
    expect(shown.ranks.length).toBeLessThanOrEqual(1000)
    expect(shown.ranks.length).toBeGreaterThan(900)
    expect(shown.ranks[0]).toBe(0)
    expect(shown.ranks.at(-1)).toBe(69_999)
    expect(shown.ranks.every((r, t) => t === 0 || r > shown.ranks[t - 1]!)).toBe(true)
    expect(shown.distances).toEqual(shown.ranks.map((r) => curve[r]))
    // The head is 1 % of the ranks but most of the fall: it gets far more than 1 % of the points.
    expect(shown.ranks.filter((r) => r < 700).length).toBeGreaterThan(300)
  })

  it('returns short curves whole, and a sampled curve carries its display', () => {
    expect(downsampleCurve([3, 2, 1])).toEqual({ ranks: [0, 1, 2], distances: [3, 2, 1] })
    const c = kDistanceCurve(gaussianWithDuplicates(2, 1500, 2), 3)
    expect(c.display.ranks.length).toBeLessThanOrEqual(1000)
    expect(c.display.distances[0]).toBe(c.distances[0])
  })
})
