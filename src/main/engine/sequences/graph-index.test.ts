import { describe, expect, it } from 'vitest'
import { dbscan } from '../cluster/dbscan'
import { seededRandom } from '../random'
import { SparseGraphIndex } from './graph-index'

describe('a sparse graph as a neighbour index', () => {
  const first = Int32Array.of(0, 0, 1, 3)
  const second = Int32Array.of(1, 2, 2, 4)
  const distance = Float64Array.of(0.1, 0.3, 0.2, 0.05)
  const graph = new SparseGraphIndex(6, first, second, distance, 4)

  it('answers range queries from its edges, the point itself included, the radius inclusive', () => {
    expect(graph.rangeOf(0, 0.2)).toEqual([0, 1])
    expect(graph.rangeOf(0, 0.3).sort()).toEqual([0, 1, 2])
    expect(graph.rangeOf(2, 0.2).sort()).toEqual([1, 2])
    expect(graph.rangeOf(5, 1)).toEqual([5]) // compared with nothing: alone
    expect(graph.edges).toBe(4)
    expect(graph.degree(2)).toBe(2)
  })

  it('lists nearest neighbours by distance and refuses more than were compared', () => {
    expect(Array.from(graph.knnOf(2, 2).indices)).toEqual([1, 0])
    expect(() => graph.knnOf(4, 2)).toThrow(/compared with 1 others/)
    expect(() => graph.rangeOf(6, 1)).toThrow(/no point 6/)
  })

  it('lets DBSCAN give the labels it gives on the points themselves when every pair is an edge', () => {
    const random = seededRandom(4)
    const n = 120
    const x = Float32Array.from({ length: n }, (_, i) => (i % 3) * 10 + random() * 2 + (i % 17 === 0 ? 50 * random() : 0))
    const a: number[] = []
    const b: number[] = []
    const d: number[] = []
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        a.push(i)
        b.push(j)
        d.push(Math.abs(x[i]! - x[j]!))
      }
    }
    const full = new SparseGraphIndex(n, Int32Array.from(a), Int32Array.from(b), Float64Array.from(d), a.length)
    const matrix = { data: x, rows: n, cols: 1 }
    for (const [eps, minSamples] of [[0.3, 4], [1, 5], [3, 2]] as const) {
      const direct = dbscan(matrix, { eps, minSamples, algorithm: 'index' })
      const viaGraph = dbscan(matrix, { eps, minSamples, index: full, algorithm: 'index' })
      expect(viaGraph.labels).toEqual(direct.labels)
    }
  })
})

describe('connected components of a sparse graph', () => {
  it('joins the points linked by edges within the radius, numbered by their lowest point', () => {
    const graph = new SparseGraphIndex(6, Int32Array.of(0, 1, 3, 2), Int32Array.of(1, 4, 5, 5), Float64Array.of(0.1, 0.2, 0.1, 0.5), 4)
    expect(graph.components(0.2)).toEqual({ labels: Int32Array.of(0, 0, 1, 2, 0, 2), nClusters: 3 })
    expect(graph.components(0.5)).toEqual({ labels: Int32Array.of(0, 0, 1, 1, 0, 1), nClusters: 2 })
    expect(graph.components(0.05).nClusters).toBe(6)
  })
})
