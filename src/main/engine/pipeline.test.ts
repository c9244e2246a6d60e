import { describe, expect, it } from 'vitest'
import { gaussianBlobs } from './cluster/hdbscan-testing'
import { DEFAULT_PIPELINE, runPipeline, type PipelineParams, type StageCache } from './pipeline'
import { canonicalKey } from './pipeline-cache'
import type { Matrix } from './search/types'

/** Four blobs of 40 points in 20-D, each centre on its own axis (so cosine separates them too). */
function blobs(): { matrix: Matrix; groups: Int32Array } {
  const matrix = gaussianBlobs(11, [0, 1, 2, 3].map((b) => ({ centre: Array.from({ length: 20 }, (_, d) => (d === b ? 30 : 0)), sd: 1, count: 40 })))
  return { matrix, groups: Int32Array.from({ length: 160 }, (_, i) => Math.floor(i / 40)) }
}

function params(change: { reduce?: Partial<PipelineParams['reduce']>; cluster?: Partial<PipelineParams['cluster']>; post?: string } = {}): PipelineParams {
  const d = structuredClone(DEFAULT_PIPELINE)
  return { ...d, post: change.post ?? d.post, reduce: { ...d.reduce, ...change.reduce }, cluster: { ...d.cluster, ...change.cluster } }
}

function countingCache(): StageCache & { gets: number; sets: number } {
  const map = new Map<string, Float32Array>()
  const cache = {
    gets: 0,
    sets: 0,
    get: (key: string) => (cache.gets++, map.get(key)),
    set: (key: string, value: Float32Array) => void (cache.sets++, map.set(key, value))
  }
  return cache
}

describe('runPipeline', () => {
  it('finds separated blobs with the default settings: UMAP, then k-means with k chosen', async () => {
    const { matrix, groups } = blobs()
    const r = await runPipeline(matrix, groups, DEFAULT_PIPELINE)
    expect(r.layout.length).toBe(320)
    expect(r.nClusters).toBe(4)
    expect(r.chosen.k?.k).toBe(4)
    expect(r.metrics.acc).toBe(1)
    expect(r.metrics.nmi).toBeCloseTo(1, 12)
    expect(r.noiseFraction).toBe(0)
    expect(Object.keys(r.timings).sort()).toEqual(['cluster', 'knn', 'layout', 'metrics'])
    expect(r.notes).toContain('Internal metrics measured in the clustering space (UMAP, 2-D).')
  })

  it('reuses the cached layout when only the clustering changes, and recomputes it when the reduction does', async () => {
    const { matrix, groups } = blobs()
    const cache = countingCache()
    const first = await runPipeline(matrix, groups, params({ post: 'l2' }), { cache, inputKey: 'blobs v1' })
    const stages: string[] = []
    const second = await runPipeline(matrix, groups, params({ post: 'l2', cluster: { algo: 'hdbscan', minClusterSize: 20, minSamples: 5 } }), {
      cache,
      inputKey: 'blobs v1',
      onStage: (stage) => stages.push(stage)
    })
    expect(stages).not.toContain('UMAP layout')
    expect(stages).not.toContain('Nearest neighbours')
    expect(stages).toContain('HDBSCAN')
    expect(second.timings.layout).toBe(0)
    // Nothing needed the post-processed features.
    expect(first.timings.post).toBeGreaterThan(0)
    expect(second.timings.post).toBeUndefined()
    expect(second.layout).toEqual(first.layout)
    expect(second.notes.some((n) => n.includes('reused'))).toBe(true)
    expect(second.metrics.acc).toBe(1)

    const setsBefore = cache.sets
    const third: string[] = []
    await runPipeline(matrix, groups, params({ post: 'l2', reduce: { nNeighbors: 10 } }), { cache, inputKey: 'blobs v1', onStage: (s) => third.push(s) })
    expect(third).toContain('UMAP layout')
    expect(cache.sets).toBe(setsBefore + 1)
  })

  it('caches nothing without an input key, and is reproducible', async () => {
    const { matrix, groups } = blobs()
    const cache = countingCache()
    const a = await runPipeline(matrix, groups, params(), { cache })
    const b = await runPipeline(matrix, groups, params(), { cache })
    expect(cache.gets + cache.sets).toBe(0)
    expect(b.layout).toEqual(a.layout)
    expect(b.labels).toEqual(a.labels)
  })

  it('runs a second UMAP for clusterDims > 2 on the same neighbours', async () => {
    const { matrix, groups } = blobs()
    const stages: string[] = []
    const r = await runPipeline(matrix, groups, params({ reduce: { clusterDims: 5 }, cluster: { algo: 'hdbscan', minClusterSize: 20, minSamples: 5 } }), {
      onStage: (s, done, total) => total === null && stages.push(s)
    })
    expect(stages).toEqual(['Nearest neighbours', 'UMAP layout', 'UMAP to 5 dimensions', 'HDBSCAN', 'Metrics'])
    expect(r.metrics.acc).toBe(1)
    expect(r.notes).toContain('Internal metrics measured in the clustering space (UMAP, 5-D).')
  })

  it('clusters PCA coordinates, or the features themselves with eps read off the k-distance curve', async () => {
    const { matrix, groups } = blobs()
    const cache = countingCache()
    const pcaParams = params({ post: 'l2', reduce: { method: 'pca', clusterDims: 3 }, cluster: { k: 4 } })
    const pca = await runPipeline(matrix, groups, pcaParams, { cache, inputKey: 'blobs v1' })
    expect(pca.metrics.acc).toBe(1)
    expect(Object.keys(pca.timings).sort()).toEqual(['cluster', 'embedding', 'layout', 'metrics', 'post'])
    expect(pca.notes).toContain('Internal metrics measured in the clustering space (PCA, 3-D).')
    const again = await runPipeline(matrix, groups, pcaParams, { cache, inputKey: 'blobs v1' })
    expect([again.timings.layout, again.timings.embedding]).toEqual([0, 0])
    expect(again.labels).toEqual(pca.labels)

    const none = await runPipeline(matrix, groups, params({ reduce: { method: 'none' }, cluster: { algo: 'dbscan', eps: 'auto', minSamples: 5 } }))
    const eps = none.chosen.eps!
    expect(eps.eps).toBeGreaterThan(0)
    expect(eps.curve.length).toBe(160)
    expect(eps.curve[eps.kneeIndex]).toBeCloseTo(eps.eps, 5)
    expect(none.nClusters).toBe(4)
    expect(none.notes).toContain('Internal metrics measured in the clustering space (the features, 20-D).')
  })

  it('scores without groups, and stops with the signal’s reason', async () => {
    const { matrix } = blobs()
    const r = await runPipeline(matrix, null, params({ reduce: { method: 'pca' }, cluster: { k: 4 } }))
    expect(r.metrics.acc).toBeNull()
    expect(r.metrics.externalSkipped).toMatch(/No known groups/)
    expect(r.metrics.silhouette).toBeGreaterThan(0.5)
    const controller = new AbortController()
    const reason = new Error('cancelled')
    const run = runPipeline(matrix, null, params(), { signal: controller.signal, onStage: (s) => s === 'UMAP layout' && controller.abort(reason) })
    await expect(run).rejects.toBe(reason)
  })
})

describe('canonicalKey', () => {
  it('does not depend on key order, at any depth', () => {
    expect(canonicalKey({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalKey({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }))
    expect(canonicalKey({ a: 1 })).not.toBe(canonicalKey({ a: 2 }))
  })
})
