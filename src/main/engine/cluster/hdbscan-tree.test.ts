import { describe, expect, it } from 'vitest'
import { hdbscan, type HdbscanResult } from './hdbscan'

const line = (...xs: number[]): HdbscanResult => hdbscan({ data: Float32Array.from(xs), rows: xs.length, cols: 1 }, { minClusterSize: 2 })

function expectAll(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length)
  expected.forEach((x, i) => expect(actual[i], `index ${i}`).toBeCloseTo(x, 6))
}

describe('by hand, minClusterSize = minSamples = 2 (core distance = nearest-neighbour distance)', () => {
  // Rows 0 1 3 | 10 11 13 | 30. Core distances 1 1 2 | 1 1 2 | 17. Spanning tree: 1, 1 (inside the
  // pairs), 2, 2 (the third point of each group), 7 (3–10) and 17 (13–30).
  const r = line(0, 1, 3, 10, 11, 13, 30)

  it('condenses the tree: the root loses row 6 at 17 and splits at 7; each group loses its third row at 2', () => {
    const t = r.condensedTree
    expect(Array.from(t.parent)).toEqual([-1, 0, 0])
    expect(Array.from(t.birth)).toEqual([17, 7, 7])
    expect(Array.from(t.death)).toEqual([7, 1, 1])
    // Cluster 1 is the side of the split away from row 0, as R orders it.
    expect(Array.from(t.pointCluster)).toEqual([2, 2, 2, 1, 1, 1, 0])
    expect(Array.from(t.pointDistance)).toEqual([1, 1, 2, 1, 1, 2, 17])
  })

  it('scores stability as Σ(1/eps − 1/birth) plus the children\'s share up to the split', () => {
    const group = 1 / 2 - 1 / 7 + 2 * (1 - 1 / 7)
    expectAll(r.condensedTree.stability, [6 * (1 / 7 - 1 / 17), group, group])
    expectAll(r.clusterStability, [group, group])
  })

  it('labels, probabilities and outlier scores (as R gives them)', () => {
    expect(Array.from(r.labels)).toEqual([1, 1, 1, 0, 0, 0, -1])
    expectAll(r.probabilities, [0.5, 0.5, 0, 0.5, 0.5, 0, 0]) // (max core − core) / max core
    expectAll(r.outlierScores, [0, 0, 1 - 1 / 2, 0, 0, 1 - 1 / 2, 1 - 1 / 17])
  })
})

describe('by hand: a parent more stable than its children', () => {
  // 0 1 | 2.5 3.5 | 20 21 22: the left group splits at 1.5 into two pairs, which live from 1.5 to 1.
  const r = line(0, 1, 2.5, 3.5, 20, 21, 22)
  const left = 4 * (1 / 1.5 - 1 / 16.5)
  const pair = 2 * (1 - 1 / 1.5)

  it('excess of mass keeps the parent, as R does (R: clusters 2 2 2 2 1 1 1, scores 2.818182 2.424242)', () => {
    expect(left).toBeGreaterThan(2 * pair)
    expect(Array.from(r.labels)).toEqual([1, 1, 1, 1, 0, 0, 0])
    expectAll(r.clusterStability, [3 * (1 - 1 / 16.5), left])
  })

  it('leaf selection keeps the pairs, the one away from row 0 first', () => {
    const leaf = hdbscan({ data: Float32Array.from([0, 1, 2.5, 3.5, 20, 21, 22]), rows: 7, cols: 1 }, { minClusterSize: 2, clusterSelection: 'leaf' })
    expect(Array.from(leaf.labels)).toEqual([2, 2, 1, 1, 0, 0, 0])
    expectAll(leaf.clusterStability, [3 * (1 - 1 / 16.5), pair, pair])
  })
})

describe('by hand: a row that joins two clusters at the distance where they meet', () => {
  // 0 1 | 5 | 9 10: core distances 1 1 4 1 1, so the edges 1–5 and 5–9 both weigh 4.
  it('belongs to neither; R gives it to whichever side its row order merges first', () => {
    const r = line(0, 1, 5, 9, 10)
    expect(Array.from(r.labels)).toEqual([1, 1, -1, 0, 0]) // R: 2 2 2 1 1, and reversed rows: 1 1 2 2 2
    expectAll(r.outlierScores, [0, 0, 1 - 1 / 4, 0, 0]) // R gives the same
    expectAll(r.clusterStability, [2 * (1 - 1 / 4), 2 * (1 - 1 / 4)])
    expect(Array.from(r.condensedTree.pointDistance)).toEqual([1, 1, 4, 1, 1])

    const reversed = line(10, 9, 5, 1, 0)
    expect(Array.from(reversed.labels)).toEqual([1, 1, -1, 0, 0])
  })
})
