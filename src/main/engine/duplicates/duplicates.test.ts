import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { chunkCount, duplicateGroups, nearDuplicates, pairsWithin, pairsWithinBrute, pearson, popcount32, type PackedHashes } from './index'

/** Random hashes, with some planted near copies (a few bits flipped) so that pairs exist at every distance. */
function randomHashes(count: number, bits: number, seed: number): PackedHashes {
  const random = seededRandom(seed)
  const words = Math.ceil(bits / 32)
  const data = new Uint32Array(count * words)
  for (let i = 0; i < count; i++) {
    if (i > 0 && random() < 0.5) {
      const from = Math.floor(random() * i)
      data.copyWithin(i * words, from * words, (from + 1) * words)
      const flips = Math.floor(random() * 20)
      for (let f = 0; f < flips; f++) {
        const b = Math.floor(random() * bits)
        data[i * words + (b >>> 5)] = (data[i * words + (b >>> 5)]! ^ (1 << (b & 31))) >>> 0
      }
    } else for (let w = 0; w < words; w++) data[i * words + w] = Math.floor(random() * 2 ** 32) >>> 0
  }
  return { data, count, bits }
}

describe('Hamming pair search', () => {
  it('counts bits', () => {
    expect(popcount32(0)).toBe(0)
    expect(popcount32(0xffffffff)).toBe(32)
    expect(popcount32(0x80000001)).toBe(2)
  })

  it.each([
    [64, 0], [64, 3], [64, 8], [64, 12], [64, 18], [256, 10], [256, 40], [48, 5]
  ])('finds exactly the pairs a full scan finds (%i bits, threshold %i)', (bits, threshold) => {
    for (const seed of [1, 2, 3]) {
      const h = randomHashes(400, bits, seed * 1000 + threshold)
      const brute = pairsWithinBrute(h, threshold)
      expect(brute.length).toBeGreaterThan(threshold === 0 ? 0 : 5)
      expect(pairsWithin(h, threshold)).toEqual(brute)
    }
  })

  it('finds the same pairs whatever the chunk count', () => {
    const h = randomHashes(300, 64, 9)
    const brute = pairsWithinBrute(h, 10)
    for (const chunks of [3, 4, 11]) expect(pairsWithin(h, 10, { chunks })).toEqual(brute)
  })

  it('uses exact chunk matches for small thresholds and wider chunks with a radius for large ones', () => {
    expect(chunkCount(64, 3)).toBe(4)
    expect(chunkCount(64, 12)).toBe(4)
    expect(chunkCount(64, 0)).toBe(4)
    expect(chunkCount(256, 10)).toBe(16)
    expect(chunkCount(256, 20)).toBe(21)
  })
})

describe('duplicate groups', () => {
  it('joins pairs into connected components with the largest file as representative', () => {
    const pairs = [{ a: 0, b: 3, distance: 2 }, { a: 3, b: 5, distance: 4 }, { a: 1, b: 2, distance: 0 }]
    const sizes = [10, 5, 7, 30, 1, 2]
    const groups = duplicateGroups(6, pairs, (i) => sizes[i]!)
    expect(groups.map((g) => g.members)).toEqual([[3, 0, 5], [2, 1]])
    expect(groups[0]!.pairs).toHaveLength(2)
  })

  it('drops pairs the second check does not confirm', () => {
    const primary: PackedHashes = { data: Uint32Array.from([0, 0, 1, 0, 3, 0]), count: 3, bits: 64 }
    // Rows 0 and 2 are the same picture brighter; row 1 is its negative.
    const pixels = Float32Array.from([0.1, 0.5, 0.9, 0.9, 0.5, 0.1, 0.2, 0.6, 1])
    const found = nearDuplicates({ primary, threshold: 2, confirm: (a, b) => pearson(pixels, 3, a, b) > 0.9 })
    expect(found.closePairs).toBe(3)
    expect(found.pairs.map((p) => [p.a, p.b])).toEqual([[0, 2]])
    expect(found.groups.map((g) => g.members)).toEqual([[0, 2]])
  })
})
