import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { batchHard, pairwiseDistances, semiHard, thresholdTriplets, type Triplets } from './mining'

// One-dimensional points, so every distance is |x − y| and the hardest picks are known by hand.
const positions = Float32Array.from([0, 1, 3, 2, 10, 5, 0.5])
const labels = Int32Array.from([0, 0, 0, 1, 1, 2, 1]) // row 5 is the only item of class 2
const dist = pairwiseDistances(positions, positions.length, 1)

function asList(t: Triplets): [number, number, number][] {
  return Array.from(t.anchor, (a, i) => [a, t.positive[i]!, t.negative[i]!])
}

describe('pairwiseDistances', () => {
  it('is symmetric with a zero diagonal', () => {
    const d = pairwiseDistances(Float32Array.from([0, 0, 3, 4]), 2, 2)
    expect(Array.from(d)).toEqual([0, 5, 5, 0])
  })
})

describe('batchHard', () => {
  it('picks the farthest positive and the nearest negative of each anchor', () => {
    const got = asList(batchHard(dist, labels))
    expect(got).toContainEqual([0, 2, 6]) // positives at 1 and 3 → 3; negatives at 2, 10, 5, 0.5 → 0.5
    expect(got).toContainEqual([4, 6, 5]) // the singleton serves as the nearest negative of row 4
    expect(got).toContainEqual([3, 4, 1]) // nearest negatives of row 3 tie at distance 1: the first
  })

  it('skips an anchor without a positive in the batch but never crashes on it', () => {
    const got = batchHard(dist, labels)
    expect(Array.from(got.anchor)).not.toContain(5)
    expect(got.anchor.length).toBe(6)
    expect(batchHard(pairwiseDistances(Float32Array.from([1, 2]), 2, 1), Int32Array.from([0, 1])).anchor.length).toBe(0)
  })
})

describe('semiHard', () => {
  it('takes the nearest negative inside (d(a,p), d(a,p) + margin), else the hardest', () => {
    const got = asList(semiHard(dist, labels, 1.5)).filter(([a]) => a === 0)
    // p = row 1 (d = 1): window (1, 2.5) holds row 3 at 2 — not the hardest negative (row 6 at 0.5).
    // p = row 2 (d = 3): window (3, 4.5) is empty → the hardest negative, row 6.
    expect(got).toEqual([
      [0, 1, 3],
      [0, 2, 6]
    ])
  })

  it('falls back to the hardest negative when all embeddings are equal', () => {
    const same = pairwiseDistances(new Float32Array(4 * 2), 4, 2)
    const got = asList(semiHard(same, Int32Array.from([0, 0, 1, 1]), 1))
    expect(got).toEqual([
      [0, 1, 2],
      [1, 0, 2],
      [2, 3, 0],
      [3, 2, 0]
    ])
  })
})

describe('thresholdTriplets', () => {
  const base = { embeddings: positions, dim: 1, labels, pool: Int32Array.from([0, 1, 2, 3, 4, 5, 6]) }

  it('draws the negative among those closer than the threshold', () => {
    const picks = new Set<number>()
    for (let s = 0; s < 20; s++) {
      const t = thresholdTriplets(Int32Array.of(0), { ...base, threshold: 2.5, random: seededRandom(s) })
      expect([1, 2]).toContain(t.positive[0])
      picks.add(t.negative[0]!)
    }
    expect([...picks].sort()).toEqual([3, 6])
  })

  it('takes the nearest negative when none is within the threshold, and skips singletons', () => {
    const t = thresholdTriplets(Int32Array.of(0, 5), { ...base, threshold: 0.1, random: seededRandom(1) })
    expect(Array.from(t.anchor)).toEqual([0])
    expect(t.negative[0]).toBe(6)
  })
})
