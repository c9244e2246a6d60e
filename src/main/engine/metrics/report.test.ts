import { describe, expect, it } from 'vitest'
import { fixture, matrixOf } from './__fixtures__/load'
import { accuracy } from './accuracy'
import { ari, nmi } from './agreement'
import { calinskiHarabasz, daviesBouldin } from './dispersion'
import { clusterQuality } from './report'
import { sampleRows, silhouette } from './silhouette'
import { clusteredRows } from './labels'

const noise = fixture.internal.find((c) => c.name === 'noise')!
const matrix = matrixOf(noise)
const labels = Int32Array.from(noise.labels)
// Known groups: the labels themselves with noise put back in a group of its own.
const groups = labels.map((l) => l + 1)

describe('clusterQuality', () => {
  it('holds every metric, the same as the single functions, and survives JSON', () => {
    const q = clusterQuality(matrix, labels, groups)
    const s = silhouette(matrix, labels)
    expect(q).toMatchObject({
      points: 250,
      clusters: 4,
      noise: labels.filter((l) => l === -1).length,
      silhouette: s.mean,
      silhouetteSampled: false,
      silhouetteN: s.n,
      daviesBouldin: daviesBouldin(matrix, labels),
      calinskiHarabasz: calinskiHarabasz(matrix, labels),
      internalSkipped: null,
      nmi: nmi(labels, groups),
      ari: ari(labels, groups),
      acc: accuracy(labels, groups).acc,
      externalSkipped: null
    })
    expect(q.silhouetteByCluster).toEqual(s.clusters.map((cluster, i) => ({ cluster, mean: s.perCluster[i] })))
    expect(q.accMapping).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]])
    expect(q.contingency!.clusters).toEqual([-1, 0, 1, 2, 3])
    expect(JSON.parse(JSON.stringify(q))).toEqual(q)
  })

  it('skips the external metrics without groups, and the internal ones for a single cluster', () => {
    const q = clusterQuality(matrix, labels, null)
    expect([q.nmi, q.ari, q.acc, q.contingency]).toEqual([null, null, null, null])
    expect(q.externalSkipped).toMatch(/no labels to compare/)
    expect(q.silhouette).toBe(silhouette(matrix, labels).mean)

    const single = labels.map((l) => (l === -1 ? -1 : 0))
    const r = clusterQuality(matrix, single, groups)
    expect([r.silhouette, r.daviesBouldin, r.calinskiHarabasz, r.silhouetteN]).toEqual([null, null, null, 0])
    expect(r.internalSkipped).toMatch(/each needs at least 2 clusters besides the \d+ noise points; these labels have 1/)
    expect(r.nmi).toBe(nmi(single, groups))
  })

  it('samples the silhouette above sampleAbove points, with the given seed', () => {
    const q = clusterQuality(matrix, labels, null, { sampleAbove: 60, seed: 8 })
    expect([q.silhouetteSampled, q.silhouetteN]).toEqual([true, 60])
    expect(q.silhouette).toBe(silhouette(matrix, labels, { sample: 60, seed: 8 }).mean)
    expect(q.daviesBouldin).toBe(daviesBouldin(matrix, labels))
  })

  it('says so when the silhouette sample misses every cluster but one', () => {
    // One point of cluster 1 among 40 of cluster 0: find a seed whose sample of 5 misses it.
    const rows = 41
    const m = { data: Float32Array.from({ length: rows * 2 }, (_, i) => (i * 7919) % 23), rows, cols: 2 }
    const l = Int32Array.from({ length: rows }, (_, i) => (i === 40 ? 1 : 0))
    const seed = [...Array(100).keys()].find((s) => !sampleRows(clusteredRows(l), 5, s).includes(40))!
    const q = clusterQuality(m, l, null, { sampleAbove: 5, seed })
    expect(q.silhouette).toBeNull()
    expect(q.internalSkipped).toMatch(/silhouette needs at least 2 clusters.*sample of 5 points/)
    expect(q.daviesBouldin).toBe(daviesBouldin(m, l))
  })
})
