import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BlockedIndex } from '../search/blocked'
import { KdTree } from '../search/kd-tree'
import { bruteRange } from '../search/reference'
import { gaussianWithDuplicates, integerGrid } from '../search/testing'
import type { Matrix } from '../search/types'
import { DbscanError, dbscan, type DbscanOptions } from './dbscan'

interface Case {
  label: string
  rows: number
  cols: number
  data: number[]
  eps: number
  min_samples: number
  labels: number[]
  core_sample_indices: number[]
  shared_border_points: number
}

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/dbscan.json', import.meta.url), 'utf8')) as { cases: Case[] }
const matrixOf = (c: Case): Matrix => ({ data: Float32Array.from(c.data), rows: c.rows, cols: c.cols })

type Variant = [string, (m: Matrix) => Partial<DbscanOptions>]
const VARIANTS: Variant[] = [
  ['default', () => ({})],
  ['range queries on a k-d tree', (m) => ({ index: new KdTree(m) })],
  ['range queries on the blocked scan', (m) => ({ index: new BlockedIndex(m) })]
]
// The grid takes 1-D to 3-D only; the 5-D case is checked apart, below.
const GRID_CASES = fixture.cases.filter((c) => c.cols <= 3)
const WIDE_CASES = fixture.cases.filter((c) => c.cols > 3)

/** The first `cols` coordinates of every row. */
function firstColumns(m: Matrix, cols: number): Matrix {
  const data = new Float32Array(m.rows * cols)
  for (let i = 0; i < m.rows; i++) data.set(m.data.subarray(i * m.cols, i * m.cols + cols), i * cols)
  return { data, rows: m.rows, cols }
}

/** scikit-learn's algorithm as written: all neighbourhoods first, then _dbscan_inner's stack, labelling on pop. */
function literalSklearn(m: Matrix, eps: number, minSamples: number): number[] {
  const hoods = Array.from({ length: m.rows }, (_, i) => bruteRange(m, m.data, i * m.cols, eps))
  const core = hoods.map((h) => h.length >= minSamples)
  const labels = new Array<number>(m.rows).fill(-1)
  let label = 0
  for (let start = 0; start < m.rows; start++) {
    if (labels[start] !== -1 || !core[start]) continue
    const stack: number[] = []
    let i = start
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label
        if (core[i]) for (const v of hoods[i]!) if (labels[v] === -1) stack.push(v)
      }
      if (stack.length === 0) break
      i = stack.pop()!
    }
    label++
  }
  return labels
}

describe('dbscan against scikit-learn 1.2', () => {
  it('has the cases the fixture promises', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(10)
    expect(fixture.cases.filter((c) => c.shared_border_points > 0).length).toBeGreaterThanOrEqual(4)
    expect(new Set(fixture.cases.map((c) => c.cols))).toEqual(new Set([1, 2, 3, 5]))
  })

  const expectFixture = (c: Case, extra: Partial<DbscanOptions>): void => {
    const got = dbscan(matrixOf(c), { eps: c.eps, minSamples: c.min_samples, ...extra })
    expect(Array.from(got.labels)).toEqual(c.labels)
    expect(got.nClusters).toBe(Math.max(-1, ...c.labels) + 1)
    const core = Array.from(got.core.keys()).filter((i) => got.core[i] === 1)
    expect(core).toEqual(c.core_sample_indices)
  }

  describe.each(VARIANTS)('%s', (_name, variant) => {
    it.each(fixture.cases.map((c) => [c.label, c] as const))('gives the same labels on %s', (_label, c) => {
      expectFixture(c, variant(matrixOf(c)))
    })
  })

  describe('grid', () => {
    it.each(GRID_CASES.map((c) => [c.label, c] as const))('gives the same labels on %s', (_label, c) => {
      expectFixture(c, { algorithm: 'grid' })
    })
  })

  describe.each(WIDE_CASES.map((c) => [c.label, c] as const))('grid on %s', (_label, c) => {
    it('is refused with a message that names the dimension, and the default uses range queries', () => {
      const m = matrixOf(c)
      expect(() => dbscan(m, { eps: c.eps, minSamples: c.min_samples, algorithm: 'grid' })).toThrow(DbscanError)
      expect(() => dbscan(m, { eps: c.eps, minSamples: c.min_samples, algorithm: 'grid' })).toThrow(`these are ${c.cols}-D`)
      const byDefault = dbscan(m, { eps: c.eps, minSamples: c.min_samples })
      const byRange = dbscan(m, { eps: c.eps, minSamples: c.min_samples, algorithm: 'index' })
      expect(Array.from(byDefault.labels)).toEqual(Array.from(byRange.labels))
    })

    it('gives the reference labels on the same points cut to their first three coordinates', () => {
      const m3 = firstColumns(matrixOf(c), 3)
      const want = literalSklearn(m3, c.eps, c.min_samples)
      const got = dbscan(m3, { eps: c.eps, minSamples: c.min_samples, algorithm: 'grid' })
      const byRange = dbscan(m3, { eps: c.eps, minSamples: c.min_samples, algorithm: 'index' })
      expect(Array.from(got.labels)).toEqual(want)
      expect(Array.from(byRange.labels)).toEqual(want)
      // A cut that left everything noise or in one cluster would compare nothing of interest.
      expect(got.nClusters).toBeGreaterThanOrEqual(2)
      expect(want.filter((l) => l === -1).length).toBeLessThan(m3.rows / 2)
    })
  })

  it('has a case the grid cannot take', () => {
    expect(WIDE_CASES.length).toBeGreaterThan(0)
  })
})

describe('dbscan by hand', () => {
  it('gives a border point shared by two clusters to the lower-numbered one', () => {
    // Two crosses; the right one's centre (index 3) comes before the left one's (index 8), so it
    // is cluster 0 and keeps the shared point (index 7), exactly eps = 1 from both centres.
    const points = [[0, 1], [0, -1], [-1, 0], [2, 0], [2, 1], [2, -1], [3, 0], [1, 0], [0, 0], [1, 1], [5, 5]]
    const m = { data: Float32Array.from(points.flat()), rows: points.length, cols: 2 }
    for (const algorithm of ['grid', 'index'] as const) {
      const got = dbscan(m, { eps: 1, minSamples: 5, algorithm })
      expect(Array.from(got.labels), algorithm).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 1, -1, -1])
      expect(Array.from(got.core)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0])
      expect(got.nClusters).toBe(2)
    }
  })

  it('makes every point its own core with minSamples 1, and all noise when minSamples exceeds any neighbourhood', () => {
    const m = integerGrid(2, 30, 2, 50)
    expect(dbscan(m, { eps: 0.5, minSamples: 1 }).core.every((x) => x === 1)).toBe(true)
    const none = dbscan(m, { eps: 0.5, minSamples: 31 })
    expect(none.nClusters).toBe(0)
    expect(none.labels.every((x) => x === -1)).toBe(true)
  })

  it('takes an empty matrix', () => {
    for (const algorithm of ['grid', 'index'] as const) {
      const got = dbscan({ data: new Float32Array(0), rows: 0, cols: 2 }, { eps: 1, minSamples: 3, algorithm })
      expect(got.labels).toHaveLength(0)
      expect(got.nClusters).toBe(0)
    }
  })
})

describe('dbscan, grid and range queries', () => {
  it.each([
    ['2-D Gaussian with duplicates', gaussianWithDuplicates(11, 1500, 2, 200), 0.08, 6],
    ['3-D Gaussian with duplicates', gaussianWithDuplicates(12, 1500, 3, 200), 0.25, 8],
    ['1-D Gaussian', gaussianWithDuplicates(13, 800, 1), 0.004, 4],
    ['2-D integer grid, ties at eps everywhere', integerGrid(14, 700, 2, 30), 1, 3],
    ['2-D integer grid at eps √2, diagonal neighbours exactly at eps', integerGrid(16, 500, 2, 30), Math.SQRT2, 4],
    ['3-D integer grid', integerGrid(15, 900, 3, 12), 1, 4],
    ['3-D integer grid at eps √3', integerGrid(17, 500, 3, 14), Math.sqrt(3), 6]
  ] as const)('agree with scikit-learn as written on %s', (_label, m, eps, minSamples) => {
    const want = literalSklearn(m, eps, minSamples)
    expect(new Set(want).size, 'a case with several clusters and noise').toBeGreaterThan(3)
    expect(Array.from(dbscan(m, { eps, minSamples, algorithm: 'grid' }).labels)).toEqual(want)
    expect(Array.from(dbscan(m, { eps, minSamples, algorithm: 'index' }).labels)).toEqual(want)
  })
})

describe('dbscan arguments and long runs', () => {
  it('falls back to range queries when the grid would need too many cells', () => {
    // 2-D points 10⁶ apart with eps 10⁻³: about 10⁹ cells per axis.
    const points = [0, 0, 0, 0.0005, 0.0004, 0, 1e6, 1e6, 1e6, 1e6 + 0.0009, 5e5, 5e5]
    const m = { data: Float32Array.from(points), rows: 6, cols: 2 }
    expect(Array.from(dbscan(m, { eps: 1e-3, minSamples: 2 }).labels)).toEqual([0, 0, 0, 1, 1, -1])
    expect(() => dbscan(m, { eps: 1e-3, minSamples: 2, algorithm: 'grid' })).toThrow(/these are 2-D/)
  })

  const m = gaussianWithDuplicates(3, 50, 2)

  it('refuses bad eps and minSamples with what to do instead', () => {
    for (const eps of [0, -1, NaN, Infinity]) {
      expect(() => dbscan(m, { eps, minSamples: 5 })).toThrow(/eps must be a positive number.*choose it from the k-distance curve/)
    }
    expect(() => dbscan(m, { eps: 1, minSamples: 0 })).toThrow(/minSamples must be a whole number ≥ 1 \(the point itself counts\)/)
    expect(() => dbscan(m, { eps: 1, minSamples: 2.5 })).toThrow(DbscanError)
  })

  it('refuses an index of another matrix, the grid beyond 3-D, and NaN', () => {
    expect(() => dbscan(m, { eps: 1, minSamples: 5, index: new KdTree(gaussianWithDuplicates(3, 40, 2)) })).toThrow(/holds 40 points.*Build the index from the same matrix/)
    expect(() => dbscan(gaussianWithDuplicates(3, 50, 4), { eps: 1, minSamples: 5, algorithm: 'grid' })).toThrow(/these are 4-D\. Use algorithm: "index"/)
    const bad = { ...m, data: m.data.map((x, p) => (p === 7 ? NaN : x)) }
    expect(() => dbscan(bad, { eps: 1, minSamples: 5 })).toThrow(/Row 3 has NaN/)
  })

  it.each(['grid', 'index'] as const)('%s: reports progress to the end and stops when aborted', (algorithm) => {
    const big = gaussianWithDuplicates(4, 20_000, 2)
    const seen: [number, number][] = []
    dbscan(big, { eps: 0.05, minSamples: 5, algorithm, onProgress: (done, total) => seen.push([done, total]) })
    expect(seen.length).toBeGreaterThan(3)
    expect(seen.at(-1)).toEqual([40_000, 40_000])
    expect(seen.every(([d], t) => t === 0 || d >= seen[t - 1]![0])).toBe(true)
    const controller = new AbortController()
    const reason = new Error('stopped')
    expect(() =>
      dbscan(big, { eps: 0.05, minSamples: 5, algorithm, signal: controller.signal, onProgress: () => controller.abort(reason) })
    ).toThrow(reason)
  })
})
