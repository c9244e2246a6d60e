import { describe, expect, it } from 'vitest'
import { accuracy } from '../metrics'
import type { Matrix } from '../search/types'
import { gaussianBlobs } from './hdbscan-testing'
import { KmeansError, kmeans } from './kmeans'
import { kmeansAuto } from './kmeans-auto'

/** `k` blobs of `count` points in 4-D, centres 30 apart, sd 1; groups in blob order. */
function blobs(k: number, count: number, seed = 1): { matrix: Matrix; groups: Int32Array } {
  const centres = Array.from({ length: k }, (_, b) => Array.from({ length: 4 }, (_, d) => ((b * 7 + d * 3) % 5) * 30 + (d === b % 4 ? 30 : 0)))
  const matrix = gaussianBlobs(seed, centres.map((centre) => ({ centre, sd: 1, count })))
  return { matrix, groups: Int32Array.from({ length: k * count }, (_, i) => Math.floor(i / count)) }
}

describe('kmeans', () => {
  it('matches a hand computation: [0, 1, 10, 11] splits in two with inertia 1', () => {
    const r = kmeans({ data: Float32Array.of(0, 1, 10, 11), rows: 4, cols: 1 }, 2, { seed: 3 })
    expect(Array.from(r.labels)).toEqual([0, 0, 1, 1])
    expect(Array.from(r.centroids)).toEqual([0.5, 10.5])
    expect(r.inertia).toBe(1)
    expect(r.converged).toBe(true)
  })

  it('finds separated blobs exactly', () => {
    const { matrix, groups } = blobs(5, 80)
    const r = kmeans(matrix, 5, { seed: 1 })
    expect(r.nClusters).toBe(5)
    expect(accuracy(r.labels, groups).acc).toBe(1)
  })

  it('keeps the restart with the lowest inertia, each restart seeded seed + i', () => {
    const { matrix } = blobs(6, 40, 2)
    // Overlapping fits (k well above the blobs) leave restarts with different inertias.
    const singles = [0, 1, 2, 3].map((i) => kmeans(matrix, 9, { seed: 10 + i, restarts: 1 }))
    const best = kmeans(matrix, 9, { seed: 10, restarts: 4 })
    expect(new Set(singles.map((s) => s.inertia)).size).toBeGreaterThan(1)
    const lowest = Math.min(...singles.map((s) => s.inertia))
    expect(best.inertia).toBe(lowest)
    expect(best.labels).toEqual(singles[best.restart]!.labels)
  })

  it('is reproducible with the same seed', () => {
    const { matrix } = blobs(4, 50, 3)
    const a = kmeans(matrix, 7, { seed: 5 })
    const b = kmeans(matrix, 7, { seed: 5 })
    expect(b.labels).toEqual(a.labels)
    expect(b.inertia).toBe(a.inertia)
  })

  it('explains a k it cannot use and stops when aborted', () => {
    const m = { data: Float32Array.of(0, 1, 2), rows: 3, cols: 1 }
    expect(() => kmeans(m, 4, { seed: 1 })).toThrow(KmeansError)
    expect(() => kmeans(m, 4, { seed: 1 })).toThrow(/only 3 points/)
    expect(() => kmeans(m, 0, { seed: 1 })).toThrow(/whole number ≥ 1/)
    const reason = new Error('stopped')
    expect(() => kmeans(m, 2, { seed: 1, signal: AbortSignal.abort(reason) })).toThrow(reason)
  })
})

describe('kmeansAuto', () => {
  it('chooses the number of separated blobs by silhouette, with perfect accuracy', async () => {
    const { matrix, groups } = blobs(5, 60)
    const { result, choice } = await kmeansAuto(matrix, { seed: 1, kMax: 9 })
    expect(choice.k).toBe(5)
    expect(choice.sampled).toBe(false)
    expect(choice.sampleSize).toBe(300)
    expect(choice.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
    const top = choice.scores.reduce((a, b) => (b.silhouette > a.silhouette ? b : a))
    expect(top.k).toBe(5)
    expect(accuracy(result.labels, groups).acc).toBe(1)
  })

  it('chooses on a seeded sample above `sample` points, then fits every point, reproducibly', async () => {
    const { matrix, groups } = blobs(4, 600)
    const options = { seed: 2, kMax: 8, sample: 500 }
    const a = await kmeansAuto(matrix, options)
    const b = await kmeansAuto(matrix, options)
    expect(a.choice).toMatchObject({ k: 4, sampled: true, sampleSize: 500 })
    expect(a.result.labels.length).toBe(2400)
    expect(accuracy(a.result.labels, groups).acc).toBe(1)
    expect(b.choice).toEqual(a.choice)
    expect(b.result.labels).toEqual(a.result.labels)
  })

  it('reports progress to the end and refuses too few points', async () => {
    const { matrix } = blobs(3, 30)
    const seen: number[][] = []
    await kmeansAuto(matrix, { seed: 1, kMax: 5, onProgress: (d, t) => seen.push([d, t]) })
    expect(seen.at(-1)).toEqual([5, 5])
    await expect(kmeansAuto({ data: Float32Array.of(1, 2), rows: 2, cols: 1 }, { seed: 1 })).rejects.toThrow(/at least 3 points/)
  })
})
