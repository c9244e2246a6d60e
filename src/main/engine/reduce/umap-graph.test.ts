import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { allKnn } from '../search/build-index'
import { defaultEpochs, fuzzyGraph, sampledEdges, type FuzzyGraph } from './umap-graph'
import { spectralLayout } from './umap-spectral'

describe('fuzzyGraph', () => {
  it('matches a hand computation on three points of a line', () => {
    // Points 0, 1, 3 with nNeighbors 3 (each point and its two others). Each row's nearest other
    // is at rho, so its strength is 1; sigma makes 1 + s = log2(3) for the other, s = log2(3) − 1.
    const knn = allKnn({ data: Float32Array.of(0, 1, 3), rows: 3, cols: 1 }, 2)
    const g = fuzzyGraph(knn, 3, 3)
    const s = Math.log2(3) - 1
    expect(Array.from(g.rows)).toEqual([0, 0, 1, 1, 2, 2])
    expect(Array.from(g.cols)).toEqual([1, 2, 0, 2, 0, 1])
    // (0,1): both directions 1 → 1 + 1 − 1. (0,2): s both ways → 2s − s². (1,2): 1 one way, s the other → 1.
    const expected = [1, 2 * s - s * s, 1, 1, 2 * s - s * s, 1]
    g.weights.forEach((w, e) => expect(w).toBeCloseTo(expected[e]!, 4))
  })

  it('gives a row whose neighbours are all duplicates full strength to them', () => {
    // Rows 0–3 are the same point; with 3 neighbours each, rows 0–3 see only distance 0.
    const knn = allKnn({ data: Float32Array.of(0, 0, 0, 0, 5, 6), rows: 6, cols: 1 }, 3)
    const g = fuzzyGraph(knn, 6, 4)
    for (let e = 0; e < g.weights.length; e++) if (g.rows[e]! < 4 && g.cols[e]! < 4) expect(g.weights[e]).toBe(1)
  })
})

describe('sampledEdges', () => {
  it('drops edges under max / nEpochs and samples the strongest every epoch', () => {
    const g: FuzzyGraph = { n: 3, rows: Int32Array.of(0, 1, 1, 2), cols: Int32Array.of(1, 0, 2, 1), weights: Float64Array.of(1, 1, 0.25, 0.001) }
    const { head, tail, epochsPerSample } = sampledEdges(g, 200)
    expect(tail).toEqual([0, 1, 1])
    expect(head).toEqual([1, 0, 2])
    expect(epochsPerSample).toEqual([1, 1, 4])
  })

  it('uses umap-js’s epoch counts by size', () => {
    expect([2500, 2501, 5000, 7500, 7501].map(defaultEpochs)).toEqual([500, 400, 400, 300, 200])
  })
})

describe('spectralLayout', () => {
  it('puts two unconnected groups on opposite sides of the first axis, scaled to 10', () => {
    const rows: number[] = []
    const cols: number[] = []
    for (const base of [0, 4]) {
      for (let i = base; i < base + 4; i++) {
        for (let j = base; j < base + 4; j++) {
          if (i !== j) {
            rows.push(i)
            cols.push(j)
          }
        }
      }
    }
    const g: FuzzyGraph = { n: 8, rows: Int32Array.from(rows), cols: Int32Array.from(cols), weights: new Float64Array(rows.length).fill(1) }
    const layout = spectralLayout(g, 2, seededRandom(1))
    const first = layout.map((p) => p[0]!)
    const sideA = Math.sign(first[0]!)
    expect(first.slice(0, 4).every((x) => Math.sign(x) === sideA)).toBe(true)
    expect(first.slice(4).every((x) => Math.sign(x) === -sideA)).toBe(true)
    expect(Math.max(...layout.flat().map(Math.abs))).toBeCloseTo(10, 3)
  })
})
