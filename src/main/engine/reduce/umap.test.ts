import { UMAP } from 'umap-js'
import { describe, expect, it } from 'vitest'
import { gaussianBlobs } from '../cluster/hdbscan-testing'
import { seededRandom } from '../random'
import { allKnn } from '../search/build-index'
import type { Matrix } from '../search/types'
import { umap, UmapError, type UmapStage } from './umap'
import { fuzzyGraph } from './umap-graph'
import { toUmapKnn } from './umap-knn'
import { spectralLayout } from './umap-spectral'

/** Three well-separated blobs in 6-D, 60 points each; plus 12 copies of one point, to reach umap-js's duplicate branch. */
function blobs(seed = 3): { matrix: Matrix; groups: number[] } {
  const m = gaussianBlobs(seed, [0, 1, 2].map((b) => ({ centre: Array.from({ length: 6 }, (_, d) => (d === b ? 20 : 0)), sd: 1, count: 60 })))
  const data = new Float32Array((m.rows + 12) * m.cols)
  data.set(m.data)
  for (let t = 0; t < 12; t++) data.copyWithin((m.rows + t) * m.cols, 0, m.cols)
  const groups = [...Array(60).fill(0), ...Array(60).fill(1), ...Array(60).fill(2), ...Array(12).fill(0)] as number[]
  return { matrix: { data, rows: m.rows + 12, cols: m.cols }, groups }
}

function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)))
}

describe('umap', () => {
  it('gives exactly the layout umap-js gives from the same neighbours and seed (random start)', async () => {
    const { matrix } = blobs()
    const nNeighbors = 14
    const nEpochs = 40
    const ours = await umap(matrix, { nNeighbors, minDist: 0.1, nEpochs, seed: 7, init: 'random' })

    const reference = new UMAP({ nNeighbors, minDist: 0.1, nEpochs, random: seededRandom(7) })
    const knn = toUmapKnn(allKnn(matrix, nNeighbors - 1), matrix.rows, nNeighbors)
    reference.setPrecomputedKNN(knn.indices, knn.distances)
    reference.initializeFit(rowsOf(matrix))
    for (let e = 0; e < nEpochs; e++) reference.step()
    expect(Array.from(ours.embedding)).toEqual(Array.from(Float32Array.from(reference.getEmbedding().flat())))
  })

  it('gives exactly the layout umap-js’s epochs give from the same spectral start', async () => {
    const { matrix } = blobs()
    const nNeighbors = 14
    const nEpochs = 40
    const ours = await umap(matrix, { nNeighbors, minDist: 0, nEpochs, seed: 9 })

    const knn = allKnn(matrix, nNeighbors - 1)
    const random = seededRandom(9)
    const start = spectralLayout(fuzzyGraph(knn, matrix.rows, nNeighbors), 2, random)
    // umap-js draws its own random start in initializeFit; its epochs then run from the spectral
    // start instead, with the generator where the spectral start left it.
    let source = seededRandom(0)
    const reference = new UMAP({ nNeighbors, minDist: 0, nEpochs, random: () => source() })
    const umapKnn = toUmapKnn(knn, matrix.rows, nNeighbors)
    reference.setPrecomputedKNN(umapKnn.indices, umapKnn.distances)
    reference.initializeFit(rowsOf(matrix))
    const state = (reference as unknown as { optimizationState: { headEmbedding: number[][]; tailEmbedding: number[][] } }).optimizationState
    state.headEmbedding = state.tailEmbedding = start
    source = random
    for (let e = 0; e < nEpochs; e++) reference.step()
    expect(Array.from(ours.embedding)).toEqual(Array.from(Float32Array.from(start.flat())))
  })

  it('is bit-identical for the same seed and differs for another', async () => {
    const { matrix } = blobs()
    const a = await umap(matrix, { nNeighbors: 10, nEpochs: 60, seed: 1 })
    const b = await umap(matrix, { nNeighbors: 10, nEpochs: 60, seed: 1 })
    const c = await umap(matrix, { nNeighbors: 10, nEpochs: 60, seed: 2 })
    expect(b.embedding).toEqual(a.embedding)
    expect(c.embedding).not.toEqual(a.embedding)
  })

  it('keeps separated blobs apart: each point’s nearest layout neighbours are from its own blob', async () => {
    const { matrix, groups } = blobs()
    const { embedding } = await umap(matrix, { nNeighbors: 15, minDist: 0, seed: 4 })
    expect(embedding.length).toBe(matrix.rows * 2)
    const knn = allKnn({ data: embedding, rows: matrix.rows, cols: 2 }, 5)
    let same = 0
    for (let i = 0; i < matrix.rows; i++) for (let t = 0; t < 5; t++) if (groups[knn.indices[i * 5 + t]!] === groups[i]) same++
    expect(same / (matrix.rows * 5)).toBeGreaterThan(0.99)
  })

  it('with metric cosine ignores the length of each row', async () => {
    const { matrix } = blobs()
    const scaled = new Float32Array(matrix.data)
    // Powers of two scale exactly, so the unit rows are bit for bit the same.
    for (let i = 0; i < matrix.rows; i++) for (let d = 0; d < matrix.cols; d++) scaled[i * matrix.cols + d]! *= 2 ** ((i % 5) - 2)
    const options = { nNeighbors: 10, nEpochs: 30, seed: 5 } as const
    const plain = await umap(matrix, { ...options, metric: 'cosine' })
    const lengths = await umap({ ...matrix, data: scaled }, { ...options, metric: 'cosine' })
    expect(lengths.embedding).toEqual(plain.embedding)
    const euclidean = await umap({ ...matrix, data: scaled }, { ...options, metric: 'euclidean' })
    expect(euclidean.embedding).not.toEqual(plain.embedding)
  })

  it('reports its stages in order and the last epoch', async () => {
    const { matrix } = blobs()
    const seen: [UmapStage, number, number][] = []
    await umap(matrix, { nNeighbors: 10, nEpochs: 25, seed: 1, onProgress: (s, d, t) => seen.push([s, d, t]) })
    const stages = seen.map(([s]) => s).filter((s, i, all) => i === 0 || all[i - 1] !== s)
    expect(stages).toEqual(['knn', 'graph', 'optimise'])
    expect(seen.at(-1)).toEqual(['optimise', 25, 25])
  })

  it('stops with the signal’s reason when aborted during the epochs', async () => {
    const { matrix } = blobs()
    const controller = new AbortController()
    const reason = new Error('stopped by the user')
    const run = umap(matrix, {
      nNeighbors: 10,
      nEpochs: 5000,
      seed: 1,
      signal: controller.signal,
      onProgress: (stage) => stage === 'optimise' && controller.abort(reason)
    })
    await expect(run).rejects.toBe(reason)
  })

  it('explains what to change when there are too few points or neighbours', async () => {
    const tiny = { data: new Float32Array(10 * 2).map((_, i) => i), rows: 10, cols: 2 }
    await expect(umap(tiny, { seed: 1 })).rejects.toThrow(UmapError)
    await expect(umap(tiny, { seed: 1 })).rejects.toThrow(/needs at least 16 points; this set has 10\. .*lower nNeighbors to 9/)
    const { matrix } = blobs()
    const knn = allKnn(matrix, 4)
    await expect(umap(matrix, { nNeighbors: 10, seed: 1, knn })).rejects.toThrow(/hold 4 a point, but nNeighbors = 10 needs 9/)
    await expect(umap(matrix, { minDist: 2, seed: 1 })).rejects.toThrow(/minDist must be between 0 and 1/)
  })
})
