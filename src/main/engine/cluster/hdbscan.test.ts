import { describe, expect, it } from 'vitest'
import { hdbscan, HdbscanError, type HdbscanMatrix } from './hdbscan'
import { bruteCoreDistances } from './hdbscan-core'
import { makeProgress } from './hdbscan-progress'
import { caseMatrix, gaussianBlobs, permuteRows, rCases, relabelling, shuffled } from './hdbscan-testing'

const cases = rCases()
const compared = cases.filter((c) => c.name !== 'one-blob')
const oneBlob = cases.find((c) => c.name === 'one-blob')!
const byName = (name: string, minPts: number) => cases.find((c) => c.name === name && c.minPts === minPts)!

describe('against R dbscan::hdbscan 1.1-11', () => {
  it('has the data sets the tests rely on', () => {
    expect(compared.map((c) => `${c.name}/${c.minPts}/${c.cols}`)).toEqual([
      'hand-1d/2/1',
      'density-2d/5/2',
      'density-2d/15/2',
      'moons/5/2',
      'moons/15/2',
      'blobs-5d/10/5',
      'blobs-20d/8/20'
    ])
  })

  it.each(compared.map((c) => [c.name, c.minPts, c] as const))('%s, minPts %i: the same labels, numbered as R numbers them', (_n, _k, c) => {
    const result = hdbscan(caseMatrix(c), { minClusterSize: c.minPts })
    expect(Array.from(result.labels)).toEqual(c.cluster.map((l) => l - 1))
    expect(result.nClusters).toBe(Math.max(...c.cluster))
    expect(result.nClusters).toBeGreaterThanOrEqual(2)
  })

  it.each(compared.map((c) => [c.name, c.minPts, c] as const))('%s, minPts %i: membership probabilities and cluster stabilities', (_n, _k, c) => {
    const result = hdbscan(caseMatrix(c), { minClusterSize: c.minPts })
    for (let i = 0; i < c.rows; i++) expect(result.probabilities[i]).toBeCloseTo(c.membershipProb[i]!, 6)
    expect(result.clusterStability.length).toBe(c.clusterScores.length)
    result.clusterStability.forEach((s, i) => expect(Math.abs(s - c.clusterScores[i]!)).toBeLessThanOrEqual(1e-9 * s))
  })

  it.each(compared.map((c) => [c.name, c.minPts, c] as const))('%s, minPts %i: GLOSH outlier scores, R\'s or one R gives for another row order', (_n, _k, c) => {
    const result = hdbscan(caseMatrix(c), { minClusterSize: c.minPts })
    const alternatives = new Map(c.outlierAlternatives.map(([row, ...values]) => [row!, values]))
    let exact = 0
    for (let i = 0; i < c.rows; i++) {
      const ours = result.outlierScores[i]!
      if (Math.abs(ours - c.outlierScores[i]!) <= 1e-6) exact++
      else expect(alternatives.get(i)?.some((v) => Math.abs(ours - v) <= 1e-6), `row ${i}: ${ours}`).toBe(true)
    }
    expect(exact).toBeGreaterThanOrEqual(0.95 * c.rows)
  })

  it('takes core distances from outside: R\'s own give R\'s labels, as float64 or float32', () => {
    for (const [c, core] of [
      [byName('blobs-20d', 8), Float64Array.from(byName('blobs-20d', 8).coredist)],
      [byName('density-2d', 15), Float32Array.from(byName('density-2d', 15).coredist)]
    ] as const) {
      const result = hdbscan(caseMatrix(c), { minClusterSize: c.minPts, coreDistances: core })
      expect(Array.from(result.labels)).toEqual(c.cluster.map((l) => l - 1))
    }
  })

  it('finds no cluster in one Gaussian, like R; allowSingleCluster makes it one, with R\'s probabilities', () => {
    const m = caseMatrix(oneBlob)
    expect(oneBlob.cluster.every((l) => l === 0)).toBe(true)
    const plain = hdbscan(m, { minClusterSize: oneBlob.minPts })
    expect(plain.nClusters).toBe(0)
    expect(plain.labels.every((l) => l === -1)).toBe(true)
    expect(plain.probabilities.every((p) => p === 0)).toBe(true)
    // R computes membership_prob for its would-be cluster even though it reports every row as noise.
    const single = hdbscan(m, { minClusterSize: oneBlob.minPts, allowSingleCluster: true })
    expect(single.nClusters).toBe(1)
    expect(single.labels.every((l) => l === 0)).toBe(true)
    for (let i = 0; i < m.rows; i++) expect(single.probabilities[i]).toBeCloseTo(oneBlob.membershipProb[i]!, 6)
  })

  it('deliberately differs from R\'s outlier scores when the root never splits', () => {
    // R lets such a root die at distance 0, so every score is 1; here it dies at its lowest merge.
    expect(oneBlob.outlierScores.every((s) => s === 1)).toBe(true)
    const { outlierScores, condensedTree } = hdbscan(caseMatrix(oneBlob), { minClusterSize: oneBlob.minPts })
    const leave = condensedTree.pointDistance
    const lowest = Math.min(...leave)
    expect(condensedTree.death[0]).toBe(lowest)
    for (let i = 0; i < oneBlob.rows; i++) expect(outlierScores[i]).toBeCloseTo(1 - lowest / leave[i]!, 6)
    expect(Math.min(...outlierScores)).toBe(0)
    expect(Math.max(...outlierScores)).toBeLessThan(1)
  })
})

describe('properties', () => {
  it.each([
    ['density-2d', 5],
    ['moons', 5],
    ['blobs-20d', 8]
  ] as const)('%s, minPts %i: permuting the rows permutes the result, ties and all', (name, minPts) => {
    const c = byName(name, minPts)
    const m = caseMatrix(c)
    const a = hdbscan(m, { minClusterSize: minPts })
    for (const seed of [1, 2, 3]) {
      const perm = shuffled(m.rows, seed)
      const b = hdbscan(permuteRows(m, perm), { minClusterSize: minPts })
      const back = (x: ArrayLike<number>): number[] => Array.from(perm, (_, i) => i).sort((i, j) => perm[i]! - perm[j]!).map((i) => x[i]!)
      expect(relabelling(a.labels, back(b.labels))).not.toBeNull()
      expect(back(b.probabilities)).toEqual(Array.from(a.probabilities))
      expect(back(b.outlierScores)).toEqual(Array.from(a.outlierScores))
      const sa = Array.from(a.clusterStability).sort((x, y) => x - y)
      Array.from(b.clusterStability).sort((x, y) => x - y).forEach((x, i) => expect(x).toBeCloseTo(sa[i]!, 9))
    }
  })

  it('gives copies of a row the same label, probability and outlier score', () => {
    const base = gaussianBlobs(4, [{ centre: [0, 0], sd: 1, count: 150 }, { centre: [6, 2], sd: 0.6, count: 100 }], 30, [-5, 10])
    const copied = [3, 40, 160, 255, 270]
    const data = new Float32Array((base.rows + copied.length) * 2)
    data.set(base.data)
    copied.forEach((r, i) => data.set(base.data.subarray(2 * r, 2 * r + 2), 2 * (base.rows + i)))
    const result = hdbscan({ data, rows: base.rows + copied.length, cols: 2 }, { minClusterSize: 10 })
    expect(result.nClusters).toBe(2)
    copied.forEach((r, i) => {
      const j = base.rows + i
      expect([result.labels[j], result.probabilities[j], result.outlierScores[j]]).toEqual([result.labels[r], result.probabilities[r], result.outlierScores[r]])
    })
  })

  it('survives a row repeated more than minSamples times (core distance 0)', () => {
    const base = gaussianBlobs(5, [{ centre: [0, 0], sd: 1, count: 100 }, { centre: [8, 0], sd: 1, count: 100 }])
    const data = Float32Array.from(base.data)
    for (let r = 1; r <= 12; r++) data.set(data.subarray(0, 2), 2 * r)
    const result = hdbscan({ data, rows: base.rows, cols: 2 }, { minClusterSize: 10 })
    expect(result.nClusters).toBeGreaterThanOrEqual(1)
    expect(new Set(Array.from(result.labels.subarray(0, 13))).size).toBe(1)
    expect(result.probabilities.every((p) => p >= 0 && p <= 1)).toBe(true)
    expect(result.outlierScores.every((s) => s >= 0 && s <= 1)).toBe(true)
  })

  it('uses minSamples, not minClusterSize, for the core distances when given', () => {
    const m = caseMatrix(byName('density-2d', 15))
    const withSamples = hdbscan(m, { minClusterSize: 15, minSamples: 4 })
    const injected = hdbscan(m, { minClusterSize: 15, coreDistances: bruteCoreDistances(m.data, m.rows, m.cols, 3, makeProgress(1)) })
    expect(Array.from(withSamples.labels)).toEqual(Array.from(injected.labels))
    expect(Array.from(withSamples.labels)).not.toEqual(Array.from(hdbscan(m, { minClusterSize: 15 }).labels))
  })

  it('allowSingleCluster makes every row one cluster exactly when the root is the most stable', () => {
    const outcomes = new Set<string>()
    for (const c of compared.filter((c) => c.rows > 10)) {
      const m = caseMatrix(c)
      const plain = hdbscan(m, { minClusterSize: c.minPts })
      const single = hdbscan(m, { minClusterSize: c.minPts, allowSingleCluster: true })
      // The selected clusters' total is the best any set of the root's descendants reaches.
      if (plain.condensedTree.stability[0]! >= plain.clusterStability.reduce((s, x) => s + x, 0)) {
        outcomes.add('root')
        expect(single.nClusters).toBe(1)
        expect(single.labels.every((l) => l === 0)).toBe(true)
        expect(single.clusterStability[0]).toBe(plain.condensedTree.stability[0])
      } else {
        outcomes.add('clusters')
        expect(Array.from(single.labels)).toEqual(Array.from(plain.labels))
      }
    }
    expect(outcomes).toEqual(new Set(['root', 'clusters']))
  })

  it('leaf selection takes the leaves of the condensed tree, which refine the EOM clusters', () => {
    const m = caseMatrix(byName('moons', 5))
    const eom = hdbscan(m, { minClusterSize: 5 })
    const leaf = hdbscan(m, { minClusterSize: 5, clusterSelection: 'leaf' })
    const parents = new Set(Array.from(eom.condensedTree.parent))
    const leaves = eom.condensedTree.parent.length - parents.size + (parents.has(-1) ? 1 : 0)
    expect(leaf.nClusters).toBe(leaves)
    expect(leaf.nClusters).toBeGreaterThan(eom.nClusters)
    const toEom = new Map<number, number>()
    for (let i = 0; i < m.rows; i++) {
      if (eom.labels[i]! < 0) expect(leaf.labels[i]).toBe(-1)
      if (leaf.labels[i]! < 0) continue
      expect(toEom.get(leaf.labels[i]!) ?? eom.labels[i]).toBe(eom.labels[i])
      toEom.set(leaf.labels[i]!, eom.labels[i]!)
    }
  })
})

describe('progress and cancellation', () => {
  const m = gaussianBlobs(6, [{ centre: [0, 0], sd: 1, count: 1500 }, { centre: [5, 5], sd: 1, count: 1500 }])

  it('reports non-decreasing progress that ends at the total', () => {
    const seen: [number, number][] = []
    hdbscan(m, { minClusterSize: 20, onProgress: (done, total) => seen.push([done, total]) })
    expect(seen.length).toBeGreaterThan(4)
    expect(seen.every(([, total]) => total === 2 * m.rows)).toBe(true)
    expect(seen.every(([done], i) => i === 0 || done >= seen[i - 1]![0])).toBe(true)
    expect(seen.at(-1)![0]).toBe(2 * m.rows)
  })

  it('stops with the signal\'s reason, before or during the work', () => {
    const reason = new Error('stopped by the user')
    expect(() => hdbscan(m, { minClusterSize: 20, signal: AbortSignal.abort(reason) })).toThrow(reason)
    const controller = new AbortController()
    let calls = 0
    const onProgress = (done: number): void => {
      calls++
      if (done > m.rows) controller.abort(reason)
    }
    expect(() => hdbscan(m, { minClusterSize: 20, signal: controller.signal, onProgress })).toThrow(reason)
    expect(calls).toBeLessThan(m.rows)
  })
})

describe('input errors say what to do', () => {
  const m: HdbscanMatrix = { data: new Float32Array([0, 0, 1, 1, 2, 2, 9, 9]), rows: 4, cols: 2 }
  const cases: [string, () => unknown, RegExp][] = [
    ['minClusterSize < 2', () => hdbscan(m, { minClusterSize: 1 }), /minClusterSize must be a whole number ≥ 2/],
    ['minClusterSize not whole', () => hdbscan(m, { minClusterSize: 2.5 }), /minClusterSize must be a whole number/],
    ['minClusterSize > rows', () => hdbscan(m, { minClusterSize: 5 }), /minClusterSize 5 is more than the 4 rows\. Lower it to at most 4/],
    ['minSamples > rows', () => hdbscan(m, { minClusterSize: 2, minSamples: 5 }), /minSamples must be a whole number from 1 to the 4 rows/],
    ['NaN', () => hdbscan({ ...m, data: new Float32Array([0, 0, 1, NaN, 2, 2, 9, 9]) }, { minClusterSize: 2 }), /row 1, column 1 is NaN\. Remove or impute/],
    ['empty', () => hdbscan({ data: new Float32Array(0), rows: 0, cols: 2 }, { minClusterSize: 2 }), /the matrix is empty \(0 × 2\)/],
    ['shape', () => hdbscan({ ...m, rows: 3 }, { minClusterSize: 2 }), /holds 8 values, not rows × cols = 6/],
    ['core distances', () => hdbscan(m, { minClusterSize: 2, coreDistances: new Float32Array(3) }), /one value per row \(4\)/],
    ['selection', () => hdbscan(m, { minClusterSize: 2, clusterSelection: 'x' as 'eom' }), /clusterSelection must be 'eom' or 'leaf'/]
  ]
  it.each(cases)('%s', (_what, call, message) => {
    expect(call).toThrow(HdbscanError)
    expect(call).toThrow(message)
  })

  it('accepts the smallest problem: two rows', () => {
    const two = hdbscan({ data: new Float32Array([0, 1]), rows: 2, cols: 1 }, { minClusterSize: 2 })
    expect(Array.from(two.labels)).toEqual([-1, -1])
    const one = hdbscan({ data: new Float32Array([0, 1]), rows: 2, cols: 1 }, { minClusterSize: 2, allowSingleCluster: true })
    expect(Array.from(one.labels)).toEqual([0, 0])
  })
})
