import { describe, expect, it } from 'vitest'
import { gaussianBlobs } from '../engine/cluster/hdbscan-testing'
import { DEFAULT_PIPELINE, runPipeline, type PipelineParams } from '../engine/pipeline'
import type { Matrix } from '../engine/search/types'
import { runPipelineOnThread } from './cluster-thread'

/** Three blobs of 50 points in 12-D, each centre on its own axis. */
function blobs(): { matrix: Matrix; groups: Int32Array } {
  const matrix = gaussianBlobs(5, [0, 1, 2].map((b) => ({ centre: Array.from({ length: 12 }, (_, d) => (d === b ? 25 : 0)), sd: 1, count: 50 })))
  return { matrix, groups: Int32Array.from({ length: 150 }, (_, i) => Math.floor(i / 50)) }
}

const copy = (m: Matrix): Matrix => ({ data: m.data.slice(), rows: m.rows, cols: m.cols })

function mapCache(): { get: (k: string) => Float32Array | undefined; set: (k: string, v: Float32Array) => void; keys: string[] } {
  const map = new Map<string, Float32Array>()
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), keys: [] as string[] }
}

describe('runPipelineOnThread', () => {
  it('gives bit for bit the result of runPipeline in this thread, with the same stages reported', async () => {
    const { matrix, groups } = blobs()
    const here: string[] = []
    const there: string[] = []
    const expected = await runPipeline(copy(matrix), groups, DEFAULT_PIPELINE, { onStage: (s, d) => d === 0 && here.push(s) })
    const got = await runPipelineOnThread(copy(matrix), groups, DEFAULT_PIPELINE, { onStage: (s, d) => d === 0 && there.push(s) })
    expect(Array.from(got.layout)).toEqual(Array.from(expected.layout))
    expect(Array.from(got.labels)).toEqual(Array.from(expected.labels))
    expect(got.metrics).toEqual(expected.metrics)
    expect(got.chosen).toEqual(expected.chosen)
    expect(got.nClusters).toBe(3)
    expect(there).toEqual(here)
  })

  it('searches the neighbours of a larger set on threads of its own, with the same result', async () => {
    // Large enough (1,200 × 400) for the neighbour search to start its own worker threads.
    const big = gaussianBlobs(8, [0, 1, 2].map((b) => ({ centre: Array.from({ length: 400 }, (_, d) => (d === b ? 12 : 0)), sd: 1, count: 400 })))
    const params: PipelineParams = { ...DEFAULT_PIPELINE, reduce: { ...DEFAULT_PIPELINE.reduce, pcaBefore: null }, cluster: { ...DEFAULT_PIPELINE.cluster, k: 3 } }
    const expected = await runPipeline(copy(big), null, params)
    const got = await runPipelineOnThread(copy(big), null, params, { workers: 2 })
    expect(Array.from(got.layout)).toEqual(Array.from(expected.layout))
    expect(Array.from(got.labels)).toEqual(Array.from(expected.labels))
  })

  it('hands the matrix over without copying it', async () => {
    const { matrix, groups } = blobs()
    const m = copy(matrix)
    const running = runPipelineOnThread(m, groups, DEFAULT_PIPELINE)
    expect(m.data.length).toBe(0)
    expect((await running).layout.length).toBe(300)
  })

  it('stores its stages in the cache on this side and takes them back on the next run', async () => {
    const { matrix, groups } = blobs()
    const cache = mapCache()
    const first = await runPipelineOnThread(copy(matrix), groups, DEFAULT_PIPELINE, { cache, inputKey: 'blobs' })
    const stages: string[] = []
    const hdbscan: PipelineParams = { ...DEFAULT_PIPELINE, cluster: { ...DEFAULT_PIPELINE.cluster, algo: 'hdbscan', minClusterSize: 20, minSamples: 5 } }
    const second = await runPipelineOnThread(copy(matrix), groups, hdbscan, { cache, inputKey: 'blobs', onStage: (s) => stages.push(s) })
    expect(stages).not.toContain('UMAP layout')
    expect(stages).toContain('HDBSCAN')
    expect(Array.from(second.layout)).toEqual(Array.from(first.layout))
    expect(second.timings.layout).toBe(0)
    expect(second.nClusters).toBe(3)
  })

  it('stops at once when aborted, with the signal’s reason', async () => {
    const { matrix, groups } = blobs()
    const controller = new AbortController()
    const reason = new Error('stop here')
    const running = runPipelineOnThread(copy(matrix), groups, DEFAULT_PIPELINE, {
      signal: controller.signal,
      onStage: (stage) => stage === 'UMAP layout' && controller.abort(reason)
    })
    await expect(running).rejects.toBe(reason)
    const already = new AbortController()
    already.abort(reason)
    await expect(runPipelineOnThread(copy(matrix), groups, DEFAULT_PIPELINE, { signal: already.signal })).rejects.toBe(reason)
  })

  it('passes the pipeline’s own error back with its message', async () => {
    const tiny: Matrix = { data: new Float32Array(4), rows: 2, cols: 2 }
    await expect(runPipelineOnThread(tiny, null, DEFAULT_PIPELINE)).rejects.toThrow(/at least 3 items/)
  })
})
