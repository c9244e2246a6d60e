import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { pkBatch, samplePairs, sampleTriplets } from './pairs'

const labels = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 3, 3])
const all = Int32Array.from(labels.keys())

function classCounts(rows: Int32Array): Map<number, number> {
  const counts = new Map<number, number>()
  for (const r of rows) counts.set(labels[r]!, (counts.get(labels[r]!) ?? 0) + 1)
  return counts
}

describe('pkBatch', () => {
  it('draws P classes × K distinct rows, the same for the same seed', () => {
    const batch = pkBatch(labels, all, 2, 3, seededRandom(7))
    expect(batch.length).toBe(6)
    expect(new Set(batch).size).toBe(6)
    expect([...classCounts(batch).values()]).toEqual([3, 3])
    expect(classCounts(batch).has(2)).toBe(false) // singletons only fill places multi-row classes leave
    expect(Array.from(pkBatch(labels, all, 2, 3, seededRandom(7)))).toEqual(Array.from(batch))
  })

  it('adds a single-row class as a negative when there are too few classes, and caps K at the class size', () => {
    const batch = pkBatch(labels, all, 4, 4, seededRandom(3))
    const counts = classCounts(batch)
    expect(counts.get(2)).toBe(1)
    expect(counts.get(3)).toBe(3)
    expect(batch.length).toBe(12)
  })
})

describe('sampleTriplets and samplePairs', () => {
  it('give valid triplets over the given rows only', () => {
    const rows = Int32Array.from([0, 1, 5, 6, 10])
    const t = sampleTriplets(labels, rows, 50, seededRandom(2))
    for (let i = 0; i < 50; i++) {
      const [a, p, n] = [t.anchor[i]!, t.positive[i]!, t.negative[i]!]
      expect(rows).toContain(a)
      expect(rows).toContain(n)
      expect(a).not.toBe(p)
      expect(labels[a]).toBe(labels[p])
      expect(labels[a]).not.toBe(labels[n])
    }
    expect(Array.from(t.anchor)).not.toContain(10)
  })

  it('are empty when no class has two rows, and pairs alternate similar and dissimilar', () => {
    expect(sampleTriplets(labels, Int32Array.from([0, 5, 10]), 5, seededRandom(1)).anchor.length).toBe(0)
    const pairs = samplePairs(labels, all, 6, seededRandom(4))
    expect(Array.from(pairs.same)).toEqual([1, 0, 1, 0, 1, 0])
    for (let i = 0; i < 6; i++) expect(labels[pairs.a[i]!] === labels[pairs.b[i]!]).toBe(pairs.same[i] === 1)
  })
})
