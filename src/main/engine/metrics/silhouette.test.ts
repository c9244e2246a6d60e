import { describe, expect, it } from 'vitest'
import { expectClose, fixture, matrixOf, shuffleLabels } from './__fixtures__/load'
import { seededRandom } from '../random'
import { silhouette } from './silhouette'
import { silhouetteValues } from './silhouette-pass'
import { MetricsError } from './types'
import { clusteredRows, encodeClusters } from './labels'

const line = (xs: number[]) => ({ data: Float32Array.from(xs), rows: xs.length, cols: 1 })

describe('silhouette against scikit-learn', () => {
  it.each(fixture.internal.map((c) => [c.name, c] as const))('%s: mean, per point and per cluster to 1e-6', (_name, c) => {
    const labels = Int32Array.from(c.labels)
    const result = silhouette(matrixOf(c), labels)
    expectClose(result.mean, c.silhouette, 1e-6, 1e-12, 'mean')
    expect(result.sampled).toBe(false)
    const rows = clusteredRows(labels)
    expect(result.n).toBe(rows.length)
    const sums = new Map<number, { sum: number; count: number }>()
    rows.forEach((r, i) => {
      const expected = c.silhouetteSamples[i]!
      expectClose(result.perPoint![r]!, expected, 1e-6, 1e-12, `row ${r}`)
      const s = sums.get(labels[r]!) ?? { sum: 0, count: 0 }
      sums.set(labels[r]!, { sum: s.sum + expected, count: s.count + 1 })
    })
    labels.forEach((l, r) => l === -1 && expect(result.perPoint![r]).toBeNaN())
    expect(result.clusters).toEqual([...sums.keys()].sort((a, b) => a - b))
    result.clusters.forEach((l, i) => expectClose(result.perCluster[i]!, sums.get(l)!.sum / sums.get(l)!.count, 1e-6, 1e-12, `cluster ${l}`))
  })

  const sampledCases = fixture.internal.flatMap((c) => (c.sampled ?? []).map((s) => [`${c.name} ${s.size} seed ${s.seed}`, c, s] as const))
  it.each(sampledCases)('%s: sampled mean equals scikit-learn on the same subset', (_name, c, s) => {
    const result = silhouette(matrixOf(c), Int32Array.from(c.labels), { sample: s.size, seed: s.seed })
    expect([result.sampled, result.n, result.perPoint]).toEqual([true, s.size, undefined])
    expectClose(result.mean, s.silhouette, 1e-6, 1e-12, 'sampled mean')
  })
})

describe('silhouette', () => {
  it('matches a hand computation, with a singleton and a noise point', () => {
    // Clusters {0, 2}, {10, 12}, {20}; 100 is noise and must not pull any b(i).
    const r = silhouette(line([0, 2, 10, 12, 20, 100]), Int32Array.from([0, 0, 1, 1, 2, -1]))
    const expected = [9 / 11, 7 / 9, 7 / 9, 6 / 8, 0]
    expected.forEach((e, i) => expectClose(r.perPoint![i]!, e, 1e-7))
    expect(r.perPoint![5]).toBeNaN()
    expectClose(r.mean, expected.reduce((a, b) => a + b) / 5, 1e-12)
    expect(r.clusters).toEqual([0, 1, 2])
    expectClose(r.perCluster[0]!, (9 / 11 + 7 / 9) / 2, 1e-12)
    expectClose(r.perCluster[1]!, (7 / 9 + 6 / 8) / 2, 1e-12)
    expect(r.perCluster[2]).toBe(0)
  })

  it('gives the same values when the sums go in row blocks instead of one table', () => {
    const c = fixture.internal.find((x) => x.name === 'blobs-10-in-20d')!
    const labels = Int32Array.from(c.labels)
    const input = { data: matrixOf(c).data, cols: c.cols, ...encodeClusters(labels, clusteredRows(labels)) }
    const table = silhouetteValues(input)
    for (const limit of [10, 77, 1000]) {
      const blocked = silhouetteValues(input, {}, limit)
      table.forEach((v, i) => expectClose(blocked[i]!, v, 1e-12, 1e-15, `limit ${limit}, point ${i}`))
    }
  })

  it('stays in [−1, 1] and ignores which numbers name the clusters', () => {
    const random = seededRandom(5)
    for (let trial = 0; trial < 20; trial++) {
      const rows = 20 + Math.floor(random() * 60)
      const cols = 1 + Math.floor(random() * 6)
      const matrix = { data: Float32Array.from({ length: rows * cols }, () => random() * 4 - 2), rows, cols }
      const k = 2 + Math.floor(random() * 5)
      const labels = Int32Array.from({ length: rows }, (_, i) => (i < k ? i : Math.floor(random() * (k + 1)) - 1))
      const r = silhouette(matrix, labels)
      for (const s of r.perPoint!) if (!Number.isNaN(s)) expect(Math.abs(s)).toBeLessThanOrEqual(1)
      expect(Math.abs(r.mean)).toBeLessThanOrEqual(1)
      const renamed = silhouette(matrix, shuffleLabels(labels, random, true))
      expect(renamed.perPoint).toEqual(r.perPoint)
    }
  })

  it('scores every point when the sample is not smaller than the clustered points', () => {
    const c = fixture.internal[0]!
    const labels = Int32Array.from(c.labels)
    const full = silhouette(matrixOf(c), labels)
    const notSampled = silhouette(matrixOf(c), labels, { sample: c.rows, seed: 3 })
    expect(notSampled).toEqual(full)
    const a = silhouette(matrixOf(c), labels, { sample: 50, seed: 3 })
    expect(silhouette(matrixOf(c), labels, { sample: 50, seed: 3 }).mean).toBe(a.mean)
    expect(silhouette(matrixOf(c), labels, { sample: 50, seed: 4 }).mean).not.toBe(a.mean)
  })

  it('refuses labellings it cannot score, saying why', () => {
    const m = line([0, 1, 2, 3])
    expect(() => silhouette(m, Int32Array.from([0, 0, 0, -1]))).toThrow(/silhouette needs at least 2 clusters besides the 1 noise points; these labels have 1/)
    expect(() => silhouette(m, Int32Array.from([-1, -1, -1, -1]))).toThrow(/at least 2 clusters.*have 0/)
    expect(() => silhouette(m, Int32Array.from([0, 1, 2, 3]))).toThrow(/a cluster with at least 2 points/)
    expect(() => silhouette(m, Int32Array.from([0, 1, 1]))).toThrow(/3 labels for 4 points/)
    expect(() => silhouette(m, Int32Array.from([0, 1, 1, -2]))).toThrow(/label -2 at row 3/)
    expect(() => silhouette(line([0, NaN, 2, 3]), Int32Array.from([0, 0, 1, 1]))).toThrow(/NaN at row 1, column 0/)
    expect(() => silhouette(m, Int32Array.from([0, 0, 1, 1]), { sample: 1 })).toThrow(MetricsError)
  })

  it('reports progress up to the total and stops when aborted', () => {
    const c = fixture.internal.find((x) => x.name === 'blobs-10-in-2d')!
    const seen: [number, number][] = []
    silhouette(matrixOf(c), Int32Array.from(c.labels), { onProgress: (done, total) => seen.push([done, total]) })
    expect(seen.length).toBeGreaterThan(2)
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0])
    expect(seen.at(-1)).toEqual([(c.rows * (c.rows - 1)) / 2, (c.rows * (c.rows - 1)) / 2])
    const controller = new AbortController()
    controller.abort(new Error('stopped by the user'))
    expect(() => silhouette(matrixOf(c), Int32Array.from(c.labels), { signal: controller.signal })).toThrow('stopped by the user')
  })
})
