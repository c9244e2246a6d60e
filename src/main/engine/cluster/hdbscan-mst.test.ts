import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import type { HdbscanMatrix } from './hdbscan'
import { bruteCoreDistances, computeCoreDistances } from './hdbscan-core'
import { singleLinkage } from './hdbscan-hierarchy'
import { buildKdTree } from './hdbscan-kdtree'
import { boruvkaMst, type Mst, primMst } from './hdbscan-mst'
import { makeProgress } from './hdbscan-progress'
import { caseMatrix, gaussianBlobs, rCases, relabelling } from './hdbscan-testing'
import { condenseTree, outlierScores, selectClusters } from './hdbscan-tree'

const progress = makeProgress(1)
const kdCore = (m: HdbscanMatrix, k: number): Float64Array => computeCoreDistances(m.data, m.rows, m.cols, k, buildKdTree(m.data, m.rows, m.cols), progress)
const bruteCore = (m: HdbscanMatrix, k: number): Float64Array => bruteCoreDistances(m.data, m.rows, m.cols, k, progress)

function boruvka(m: HdbscanMatrix, core: Float64Array): Mst {
  const tree = buildKdTree(m.data, m.rows, m.cols)
  return boruvkaMst(tree, Float64Array.from(tree.order, (row) => core[row]!), progress)
}
const prim = (m: HdbscanMatrix, core: Float64Array): Mst => primMst(m.data, m.rows, m.cols, core, progress)

/** Kruskal over all n(n−1)/2 mutual-reachability edges: the independent reference. */
function kruskalWeights(m: HdbscanMatrix, core: Float64Array): number[] {
  const { data, rows, cols } = m
  const edges: [number, number, number][] = []
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      let sum = 0
      for (let d = 0; d < cols; d++) sum += (data[i * cols + d]! - data[j * cols + d]!) ** 2
      edges.push([Math.max(core[i]!, core[j]!, Math.sqrt(sum)), i, j])
    }
  }
  edges.sort((a, b) => a[0] - b[0])
  const uf = Array.from({ length: rows }, (_, i) => i)
  const find = (x: number): number => (uf[x] === x ? x : (uf[x] = find(uf[x]!)))
  const weights: number[] = []
  for (const [w, i, j] of edges) {
    if (find(i) !== find(j)) {
      uf[find(i)] = find(j)
      weights.push(w)
    }
  }
  return weights
}

/** The tree's weights, sorted, after checking it has n − 1 edges that connect every row. */
function spanningWeights(mst: Mst, rows: number): number[] {
  expect(mst.w.length).toBe(rows - 1)
  const uf = Array.from({ length: rows }, (_, i) => i)
  const find = (x: number): number => (uf[x] === x ? x : (uf[x] = find(uf[x]!)))
  for (let e = 0; e < rows - 1; e++) {
    expect(find(mst.a[e]!)).not.toBe(find(mst.b[e]!))
    uf[find(mst.a[e]!)] = find(mst.b[e]!)
  }
  return Array.from(mst.w).sort((a, b) => a - b)
}

/** Integer points on a small grid: full of equal distances and equal core distances. */
function lattice(seed: number, rows: number): HdbscanMatrix {
  const random = seededRandom(seed)
  const data = new Float32Array(rows * 2)
  for (let i = 0; i < rows; i++) {
    const blob = i % 3
    data[2 * i] = Math.floor(random() * 12) + 20 * blob
    data[2 * i + 1] = Math.floor(random() * 12) + (blob === 1 ? 15 : 0)
  }
  return { data, rows, cols: 2 }
}

describe('core distances', () => {
  const cases = rCases()

  it('match R\'s coredist (kNN with k = minPts − 1) through the k-d tree and by brute force', () => {
    for (const c of cases.filter((c) => c.rows > 10)) {
      const m = caseMatrix(c)
      for (const core of [kdCore(m, c.minPts - 1), bruteCore(m, c.minPts - 1)]) {
        c.coredist.forEach((r, i) => expect(Math.abs(core[i]! - r)).toBeLessThanOrEqual(1e-12 * r))
      }
    }
  })

  it('are the same bits either way, duplicates counting as neighbours at 0', () => {
    const m = gaussianBlobs(11, [{ centre: [0, 0, 0], sd: 1, count: 300 }, { centre: [3, 3, 3], sd: 0.3, count: 200 }], 50, [-4, 6])
    m.data.copyWithin(30, 0, 30) // rows 10–19 repeat rows 0–9
    for (const k of [0, 1, 4, 19]) expect(kdCore(m, k)).toEqual(bruteCore(m, k))
    expect(kdCore(m, 1)[0]).toBe(0)
    expect(kdCore(m, 1)[10]).toBe(0)
  })
})

describe('minimum spanning tree of the mutual-reachability graph', () => {
  it.each([
    ['2-D blobs', gaussianBlobs(1, [{ centre: [0, 0], sd: 1, count: 150 }, { centre: [5, 0], sd: 0.4, count: 100 }], 50, [-4, 8]), 5],
    ['5-D blobs', gaussianBlobs(2, [{ centre: [0, 0, 0, 0, 0], sd: 1, count: 200 }, { centre: [2, 2, 2, 2, 2], sd: 1, count: 100 }]), 10],
    ['integer lattice (ties)', lattice(3, 300), 4],
    ['minSamples 1 (plain distances)', gaussianBlobs(4, [{ centre: [0, 0], sd: 1, count: 200 }]), 1]
  ] as const)('%s: Prim and k-d Borůvka give Kruskal\'s weights', (_name, m, minSamples) => {
    const core = bruteCore(m, minSamples - 1)
    const reference = kruskalWeights(m, core)
    expect(spanningWeights(prim(m, core), m.rows)).toEqual(reference)
    expect(spanningWeights(boruvka(m, core), m.rows)).toEqual(reference)
  })

  it('Borůvka matches Prim on 4,000 rows', () => {
    const m = gaussianBlobs(5, [{ centre: [0, 0], sd: 1, count: 2000 }, { centre: [4, 1], sd: 0.5, count: 1500 }], 500, [-5, 8])
    const core = kdCore(m, 9)
    expect(spanningWeights(boruvka(m, core), m.rows)).toEqual(spanningWeights(prim(m, core), m.rows))
  })
})

describe('hierarchy with ties', () => {
  it('does not depend on which of the equal-weight spanning trees is used', () => {
    const m = lattice(7, 600)
    const core = bruteCore(m, 5)
    const a = prim(m, core)
    const b = boruvka(m, core)
    const edgeSet = (t: Mst): string[] => Array.from(t.a, (x, e) => `${Math.min(x, t.b[e]!)}-${Math.max(x, t.b[e]!)}`).sort()
    expect(edgeSet(a)).not.toEqual(edgeSet(b)) // two different trees of equal weight
    const ha = singleLinkage(m.rows, a)
    const multiway = Array.from({ length: ha.nodes }, (_, v) => ha.childStart[v + 1]! - ha.childStart[v]!).filter((k) => k > 2)
    expect(multiway.length).toBeGreaterThan(10)
    const [ta, tb] = [ha, singleLinkage(m.rows, b)].map((h) => condenseTree(h, 6))
    expect(Array.from(tb!.pointDistance)).toEqual(Array.from(ta!.pointDistance))
    expect(Array.from(tb!.stability).sort()).toEqual(Array.from(ta!.stability).sort())
    expect(Array.from(outlierScores(tb!))).toEqual(Array.from(outlierScores(ta!)))
    const [sa, sb] = [ta!, tb!].map((t) => selectClusters(t, 'eom', false))
    expect(sa!.nClusters).toBeGreaterThanOrEqual(3)
    expect(relabelling(sa!.labels, sb!.labels)).not.toBeNull()
  })

  it('merges all edges of one weight in one node', () => {
    // Rows 0–3 and 4–7 are two squares of side 1; the four edges of weight 1 in each form one node each.
    const data = new Float32Array([0, 0, 1, 0, 0, 1, 1, 1, 5, 0, 6, 0, 5, 1, 6, 1])
    const m: HdbscanMatrix = { data, rows: 8, cols: 2 }
    const h = singleLinkage(8, prim(m, new Float64Array(8)))
    expect(h.nodes).toBe(3)
    expect(Array.from(h.height)).toEqual([1, 1, 4])
    expect(Array.from(h.size)).toEqual([4, 4, 8])
    expect(Array.from(h.childStart)).toEqual([0, 4, 8, 10])
  })
})
