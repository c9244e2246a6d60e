import { UMAP } from 'umap-js'
import { describe, expect, it } from 'vitest'
import { gaussianBlobs } from '../cluster/hdbscan-testing'
import { seededRandom } from '../random'
import { allKnn } from '../search/build-index'
import { createEpochs, curveParams, randomLayout } from './umap-epochs'
import { defaultEpochs, fuzzyGraph, sampledEdges } from './umap-graph'
import { UmapError } from './umap-knn'

interface Edges {
  head: number[]
  tail: number[]
  epochsPerSample: number[]
}

/** The parts of umap-js's UMAP object that initializeFit sets. */
interface UmapInternals {
  graph: { nRows: number; nCols: number }
  embedding: number[][]
  isInitialized: boolean
  optimizationState: { head: number[]; tail: number[]; epochsPerSample: number[]; a: number; b: number }
  initializeOptimization(): void
  prepareForOptimizationLoop(): void
}

/** Rates that umap-js takes as repulsionStrength, learningRate and negativeSampleRate. */
interface Rates {
  gamma?: number
  initialAlpha?: number
  negativeSampleRate?: number
}

/** umap-js's own optimiser on the given start and edges, set up as its initializeFit would have done it. */
function reference(start: Float64Array, dim: number, edges: Edges, nEpochs: number, minDist: number, seed: number, rates: Rates = {}): UMAP {
  const { gamma: repulsionStrength, initialAlpha: learningRate, negativeSampleRate } = rates
  const model = new UMAP({ nComponents: dim, nEpochs, minDist, random: seededRandom(seed), repulsionStrength, learningRate, negativeSampleRate })
  const inner = model as unknown as UmapInternals
  const n = start.length / dim
  inner.graph = { nRows: n, nCols: n }
  inner.embedding = Array.from({ length: n }, (_, i) => Array.from(start.subarray(i * dim, (i + 1) * dim)))
  Object.assign(inner.optimizationState, { head: [...edges.head], tail: [...edges.tail], epochsPerSample: [...edges.epochsPerSample] })
  inner.initializeOptimization()
  inner.prepareForOptimizationLoop()
  inner.isInitialized = true
  return model
}

/**
 * Runs ours and umap-js's side by side from the same start, edges and seed, and asserts the
 * layouts are the same doubles after every epoch (and one step past the last).
 */
function expectSameEpochs(start: Float64Array, dim: number, edges: Edges, nEpochs: number, minDist: number, seed: number, rates: Rates = {}): void {
  const theirs = reference(start, dim, edges, nEpochs, minDist, seed, rates)
  const layout = Float64Array.from(start)
  const { a, b } = curveParams(minDist)
  const ours = createEpochs({ embedding: layout, dim, ...edges, nEpochs, a, b, ...rates, random: seededRandom(seed) })
  for (let e = 1; e <= nEpochs + 1; e++) {
    const done = ours.step()
    expect(done).toBe(theirs.step())
    // toEqual compares numbers with Object.is: −0 differs from +0, and NaN equals NaN.
    expect(Array.from(layout), `epoch ${done}`).toEqual(theirs.getEmbedding().flat())
  }
  expect(ours.step()).toBe(nEpochs)
}

/** Gaussian blobs in 5-D, with the first point repeated, and their sampled fuzzy graph. */
function blobGraph(seed: number, perBlob: number, copies: number, nEpochs: number): { n: number; edges: Edges; groups: number[] } {
  const m = gaussianBlobs(seed, [0, 1, 2].map((c) => ({ centre: Array.from({ length: 5 }, (_, d) => (d === c ? 15 : 0)), sd: 1, count: perBlob })))
  const data = new Float32Array((m.rows + copies) * m.cols)
  data.set(m.data)
  for (let t = 0; t < copies; t++) data.copyWithin((m.rows + t) * m.cols, 0, m.cols)
  const n = m.rows + copies
  const nNeighbors = 10
  const graph = fuzzyGraph(allKnn({ data, rows: n, cols: m.cols }, nNeighbors - 1), n, nNeighbors)
  const groups = Array.from({ length: n }, (_, i) => (i < m.rows ? Math.floor(i / perBlob) : 0))
  return { n, edges: sampledEdges(graph, nEpochs), groups }
}

describe('createEpochs', () => {
  for (const dim of [2, 3]) {
    for (const minDist of [0, 0.1]) {
      it(`moves the layout exactly as umap-js's step() does, epoch by epoch (${dim}-D, minDist ${minDist})`, () => {
        const nEpochs = 60
        const { n, edges } = blobGraph(11, 40, 6, nEpochs)
        const start = randomLayout(n, dim, seededRandom(21))
        expectSameEpochs(start, dim, edges, nEpochs, minDist, 5)
      })
    }
  }

  it('matches umap-js where points coincide in the layout (squared distance 0)', () => {
    // 12 points stacked on one spot, joined to each other and to the rest: the attraction between
    // coinciding ends is 0, a negative sample on the head itself is skipped, and one on another
    // point at the same spot pushes by 4 in every coordinate.
    const n = 24
    const dim = 2
    const start = randomLayout(n, dim, seededRandom(3))
    for (let i = 1; i < 12; i++) start.copyWithin(i * dim, 0, dim)
    const edges: Edges = { head: [], tail: [], epochsPerSample: [] }
    for (let i = 0; i < n; i++) {
      for (const j of [(i + 1) % n, (i + 5) % n, i < 12 ? (i + 3) % 12 : i]) {
        edges.head.push(i)
        edges.tail.push(j)
        edges.epochsPerSample.push(1 + (i % 3) * 0.5)
      }
    }
    for (const minDist of [0, 0.1]) expectSameEpochs(start, dim, edges, 30, minDist, 8)
  })

  it('matches umap-js for edges sampled rarely (large epochsPerSample) and a full-size graph', () => {
    const nEpochs = 200
    const { n, edges } = blobGraph(4, 120, 0, nEpochs)
    // Spread the weights: every seventh edge is sampled only every 37.5 … 200 epochs, or never.
    edges.epochsPerSample = edges.epochsPerSample.map((e, i) => (i % 7 === 0 ? [37.5, 123.25, nEpochs, nEpochs + 1][(i / 7) % 4]! : e))
    expect(Math.max(...edges.epochsPerSample)).toBeGreaterThan(nEpochs)
    expectSameEpochs(randomLayout(n, 2, seededRandom(9)), 2, edges, nEpochs, 0.1, 13)
  })

  it('matches umap-js with another repulsion, learning rate and negative sample rate', () => {
    const nEpochs = 40
    const { n, edges } = blobGraph(5, 30, 3, nEpochs)
    expectSameEpochs(randomLayout(n, 2, seededRandom(2)), 2, edges, nEpochs, 0.1, 3, { gamma: 2.5, initialAlpha: 0.7, negativeSampleRate: 3 })
  })

  it('gives umap-js’s a and b: from the same curve fit as its initializeOptimization', () => {
    for (const minDist of [0, 0.05, 0.1, 0.5, 1]) {
      const inner = reference(new Float64Array(6), 2, { head: [], tail: [], epochsPerSample: [] }, 10, minDist, 1) as unknown as UmapInternals
      const { a, b } = curveParams(minDist)
      expect([a, b]).toEqual([inner.optimizationState.a, inner.optimizationState.b])
    }
    // The reference UMAP's values for minDist 0.1: a ≈ 1.577, b ≈ 0.895.
    const { a, b } = curveParams(0.1)
    expect(a).toBeCloseTo(1.57, 1)
    expect(b).toBeCloseTo(0.89, 1)
  })

  it('pulls separated blobs into separate clusters from a random start', () => {
    const nEpochs = defaultEpochs(150)
    const { n, edges, groups } = blobGraph(2, 50, 0, nEpochs)
    const layout = randomLayout(n, 2, seededRandom(6))
    const { a, b } = curveParams(0)
    const epochs = createEpochs({ embedding: layout, dim: 2, ...edges, nEpochs, a, b, random: seededRandom(7) })
    while (epochs.step() < nEpochs);
    const knn = allKnn({ data: Float32Array.from(layout), rows: n, cols: 2 }, 5)
    let same = 0
    for (let i = 0; i < n; i++) for (let t = 0; t < 5; t++) if (groups[knn.indices[i * 5 + t]!] === groups[i]) same++
    expect(same / (n * 5)).toBeGreaterThan(0.99)
    // Each blob's centre lies farther from the others' than any of the blobs' points from their own.
    const centres = [0, 1, 2].map((g) => [0, 1].map((d) => mean(groups.flatMap((h, i) => (h === g ? [layout[i * 2 + d]!] : [])))))
    const distance = (p: number[], q: number[]): number => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!)
    const radius = Math.max(...groups.map((g, i) => distance([layout[i * 2]!, layout[i * 2 + 1]!], centres[g]!)))
    const pairs = [[0, 1], [0, 2], [1, 2]] as const
    for (const [g, h] of pairs) expect(distance(centres[g]!, centres[h]!)).toBeGreaterThan(2 * radius)
  })

  it('says what is wrong with edges or a layout that do not fit together', () => {
    const { a, b } = curveParams(0.1)
    const base = { embedding: new Float64Array(8), dim: 2, head: [0, 1], tail: [1, 2], epochsPerSample: [1, 1], nEpochs: 10, a, b, random: seededRandom(1) }
    expect(() => createEpochs(base)).not.toThrow()
    expect(() => createEpochs({ ...base, tail: [1, 4] })).toThrow(UmapError)
    expect(() => createEpochs({ ...base, tail: [1, 4] })).toThrow(/Edge 1 joins 1 and 4, but the layout has points 0 to 3 only/)
    expect(() => createEpochs({ ...base, epochsPerSample: [1] })).toThrow(/2 heads, 2 tails, 1 epochs per sample/)
    expect(() => createEpochs({ ...base, embedding: new Float64Array(7) })).toThrow(/7 numbers, not a whole number of rows of 2/)
    expect(() => createEpochs({ ...base, nEpochs: 0 })).toThrow(/nEpochs must be a whole number ≥ 1, not 0/)
  })
})

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}
