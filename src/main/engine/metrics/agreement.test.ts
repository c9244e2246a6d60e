import { describe, expect, it } from 'vitest'
import { expectClose, fixture, shuffleLabels } from './__fixtures__/load'
import { seededRandom } from '../random'
import { ari, nmi } from './agreement'
import { contingency } from './contingency'

const ints = (xs: number[]) => Int32Array.from(xs)

function randomPartition(random: () => number, n: number, k: number): Int32Array {
  return Int32Array.from({ length: n }, () => Math.floor(random() * k) - (random() < 0.1 ? 1 : 0))
}

describe('contingency, NMI and ARI against scikit-learn', () => {
  it.each(fixture.external.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const labels = ints(c.labels)
    const groups = ints(c.groups)
    const table = contingency(labels, groups)
    expect({ ...table, table: Array.from(table.table) }).toEqual(c.contingency)
    expectClose(nmi(labels, groups), c.nmi, 1e-6, 1e-15, 'NMI')
    expectClose(ari(labels, groups), c.ari, 1e-6, 1e-15, 'ARI')
  })
})

describe('contingency', () => {
  it('counts cluster × group, noise first', () => {
    const t = contingency(ints([2, 2, -1, 0, 0, 2]), ints([1, 0, 1, 1, 1, 1]))
    expect(t.clusters).toEqual([-1, 0, 2])
    expect(t.groups).toEqual([0, 1])
    expect(Array.from(t.table)).toEqual([0, 1, 0, 2, 1, 2])
  })

  it('asks for one label and one group per point', () => {
    expect(() => contingency(ints([0, 1]), ints([0]))).toThrow(/2 cluster labels and 1 known groups/)
    expect(() => nmi(ints([]), ints([]))).toThrow(/no points/)
  })
})

describe('NMI and ARI by hand', () => {
  it('score exactly independent partitions as no information and worse than chance pairs', () => {
    // Every cluster holds the same share of every group, so the mutual information is exactly 0,
    // however the logarithms round.
    expect(nmi(ints([0, 0, 1, 1]), ints([0, 1, 0, 1]))).toBe(0)
    // Pairs together in neither: 4 split by the clustering only, 4 by the groups only, 4 by both.
    expect(ari(ints([0, 0, 1, 1]), ints([0, 1, 0, 1]))).toBe(-0.5)
    const n = 7 * 5 * 60
    const a = Int32Array.from({ length: n }, (_, i) => i % 7)
    const b = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 7) % 5)
    expect(nmi(a, b)).toBe(0)
  })
})

describe('NMI and ARI properties', () => {
  const random = seededRandom(21)
  const pairs = Array.from({ length: 25 }, () => {
    const n = 5 + Math.floor(random() * 300)
    return [randomPartition(random, n, 1 + Math.floor(random() * 8)), randomPartition(random, n, 1 + Math.floor(random() * 6))] as const
  })

  it('ignore which numbers name the clusters and the groups', () => {
    for (const [a, b] of pairs) {
      const a2 = shuffleLabels(a, random, false)
      const b2 = shuffleLabels(b, random, false)
      expectClose(nmi(a2, b2), nmi(a, b), 1e-12, 1e-15)
      expectClose(ari(a2, b2), ari(a, b), 1e-12, 1e-15)
    }
  })

  it('are symmetric', () => {
    for (const [a, b] of pairs) {
      expectClose(nmi(b, a), nmi(a, b), 1e-12, 1e-15)
      expectClose(ari(b, a), ari(a, b), 1e-12, 1e-15)
    }
  })

  it('are 1 for the same partition under other names, and NMI stays in [0, 1]', () => {
    for (const [a, b] of pairs) {
      expect(ari(a, shuffleLabels(a, random, false))).toBe(1)
      expectClose(nmi(a, shuffleLabels(a, random, false)), 1, 1e-12)
      expect(nmi(a, b)).toBeGreaterThanOrEqual(0)
      expect(nmi(a, b)).toBeLessThanOrEqual(1 + 1e-12)
    }
  })

  it('ARI stays right at 300,000 points, where the pair-count products pass 2⁵³', () => {
    // 300,000 points: the pair counts' products reach 10²¹. Checked against the textbook form
    // (index − expected) / (max − expected) over pair counts, which stays within doubles.
    const n = 300_000
    const a = Int32Array.from({ length: n }, (_, i) => i % 3)
    const b = Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? (i + 1) % 3 : i % 3))
    const t = contingency(a, b)
    const pairs = (x: number) => (x * (x - 1)) / 2
    const rowSums = [0, 1, 2].map((i) => t.table[i * 3]! + t.table[i * 3 + 1]! + t.table[i * 3 + 2]!)
    const colSums = [0, 1, 2].map((j) => t.table[j]! + t.table[3 + j]! + t.table[6 + j]!)
    const index = Array.from(t.table).reduce((s, v) => s + pairs(v), 0)
    const sa = rowSums.reduce((s, v) => s + pairs(v), 0)
    const sb = colSums.reduce((s, v) => s + pairs(v), 0)
    const expected = (sa * sb) / pairs(n)
    expectClose(ari(a, b), (index - expected) / ((sa + sb) / 2 - expected), 1e-9)
  })
})
