import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { SequenceError } from './errors'
import { candidatePairs, candidateProbability, chooseBanding } from './lsh'
import { MinHasher } from './minhash'

describe('choosing bands and rows', () => {
  it('puts the S-curve midpoint near the target and explains the choice', () => {
    for (const target of [0.1, 0.3, 0.5, 0.8]) {
      const { bands, rows, threshold, reason } = chooseBanding(target, 128)
      expect(bands * rows).toBeLessThanOrEqual(128)
      expect(threshold).toBeCloseTo((1 / bands) ** (1 / rows), 12)
      expect(Math.abs(threshold - target), `target ${target}: ${bands} × ${rows}`).toBeLessThan(0.06)
      expect(reason).toContain(`${bands} bands of ${rows} rows`)
    }
    expect(() => chooseBanding(0, 64)).toThrow(SequenceError)
    expect(() => chooseBanding(1.2, 64)).toThrow(/between 0 and 1/)
  })

  it('gives the S-curve probabilities', () => {
    expect(candidateProbability(1, 20, 5)).toBe(1)
    expect(candidateProbability(0, 20, 5)).toBe(0)
    expect(candidateProbability(0.5, 1, 1)).toBe(0.5)
    expect(candidateProbability(0.5, 2, 1)).toBe(0.75)
  })
})

/** `pairs` pairs of random sets of 100 members with Jaccard index j; items 2p and 2p + 1 form pair p. */
function signaturesOfPairs(pairs: number, j: number, hasher: MinHasher, seed: number): Uint32Array {
  const random = seededRandom(seed)
  const shared = Math.round((200 * j) / (1 + j)) // |A ∩ B| / |A ∪ B| = s / (200 − s)
  const out = new Uint32Array(2 * pairs * hasher.hashes)
  for (let p = 0; p < pairs; p++) {
    const values = Array.from({ length: 200 - shared }, () => Math.floor(random() * 2 ** 32))
    const a = Uint32Array.from(values.slice(0, 100))
    const b = Uint32Array.from(values.slice(100 - shared))
    hasher.signature(a, 100, out, 2 * p * hasher.hashes)
    hasher.signature(b, 100, out, (2 * p + 1) * hasher.hashes)
  }
  return out
}

describe('candidate pairs by banding', () => {
  const bands = 20
  const rows = 5 // midpoint (1/20)^(1/5) ≈ 0.55
  const hasher = new MinHasher(bands * rows, 3)

  function found(j: number, pairs: number, seed: number): { share: number; strangers: number } {
    const { first, second, count } = candidatePairs(signaturesOfPairs(pairs, j, hasher, seed), 2 * pairs, bands, rows)
    let designed = 0
    for (let p = 0; p < count; p++) {
      expect(first[p]!).toBeLessThan(second[p]!)
      if (p > 0) expect(first[p - 1]! * 1e6 + second[p - 1]!).toBeLessThan(first[p]! * 1e6 + second[p]!)
      if (first[p]! % 2 === 0 && second[p] === first[p]! + 1) designed++
    }
    return { share: designed / pairs, strangers: count - designed }
  }

  it('finds pairs of Jaccard 0.9 and seldom pairs of Jaccard 0.1, as the S-curve says', () => {
    const pairs = 300
    const high = found(0.9, pairs, 1)
    const pHigh = candidateProbability(0.9, bands, rows) // 0.9999…
    expect(high.share).toBeGreaterThanOrEqual(pHigh - 4 * Math.sqrt((pHigh * (1 - pHigh)) / pairs) - 1 / pairs)
    const low = found(0.1, pairs, 2)
    const pLow = candidateProbability(0.1, bands, rows) // 0.0002
    expect(low.share).toBeLessThanOrEqual(pLow + 4 * Math.sqrt((pLow * (1 - pLow)) / pairs) + 1 / pairs)
    // Unrelated sets (Jaccard 0) never share a band.
    expect(high.strangers + low.strangers).toBe(0)
  })

  it('finds a pair of Jaccard near the midpoint about as often as predicted', () => {
    const pairs = 300
    const mid = found(0.55, pairs, 3)
    const p = candidateProbability(0.55, bands, rows)
    expect(Math.abs(mid.share - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / pairs))
  })

  it('lists each pair once even when it shares many bands', () => {
    const sig = new Uint32Array(3 * bands * rows)
    sig.fill(7) // three identical signatures: every band matches
    const { first, second, count } = candidatePairs(sig, 3, bands, rows)
    expect(count).toBe(3)
    expect(Array.from(first)).toEqual([0, 0, 1])
    expect(Array.from(second)).toEqual([1, 2, 2])
  })

  it('stops when asked', () => {
    const controller = new AbortController()
    controller.abort(new Error('stopped'))
    expect(() => candidatePairs(new Uint32Array(2 * bands * rows), 2, bands, rows, { signal: controller.signal })).toThrow('stopped')
  })
})
