import { describe, expect, it } from 'vitest'
import { SequenceError } from './errors'
import { checkK, chooseK, shingleHashes } from './shingles'

const hashesOf = (s: string, k: number, seed = 1): number[] => {
  const { hashes, count } = shingleHashes(s, k, seed)
  return Array.from(hashes.subarray(0, count))
}

describe('k-mer shingles', () => {
  it('refuses k = 1: a single character is not a shingle', () => {
    expect(() => shingleHashes('ACGT', 1, 1)).toThrow(SequenceError)
    expect(() => checkK(1)).toThrow(/single character/)
    expect(() => checkK(0)).toThrow(/whole number/)
    expect(() => checkK(2.5)).toThrow(/whole number/)
  })

  it('hashes one value per position, equal for equal k-mers and different for different ones', () => {
    const h = hashesOf('ACGTACGTT', 4)
    expect(h).toHaveLength(6)
    expect(h[0]).toBe(h[4]) // ACGT at 0 and 4
    expect(new Set(h).size).toBe(5) // ACGT CGTA GTAC TACG CGTT
  })

  it('rolls to the same hash as hashing each k-mer on its own', () => {
    const s = 'GATTACAGATTACCAGGTTTACGATCGATTTT😀AC'
    for (const k of [2, 3, 5, 8]) {
      const chars = Array.from(s)
      const rolled = hashesOf(s, k, 9)
      for (let i = 0; i + k <= chars.length; i++) expect(rolled[i], `k ${k} at ${i}`).toBe(hashesOf(chars.slice(i, i + k).join(''), k, 9)[0])
    }
  })

  it('depends on the seed', () => {
    expect(hashesOf('ACGTACGT', 3, 1)).not.toEqual(hashesOf('ACGTACGT', 3, 2))
    expect(hashesOf('ACGTACGT', 3, 5)).toEqual(hashesOf('ACGTACGT', 3, 5))
  })

  it('takes a sequence shorter than k as one shingle, so equal short sequences match', () => {
    expect(hashesOf('ACG', 5)).toHaveLength(1)
    expect(hashesOf('ACG', 5)).toEqual(hashesOf('ACG', 5))
    expect(hashesOf('ACG', 5)).not.toEqual(hashesOf('ACT', 5))
  })

  it('chooses k from the alphabet and the lengths', () => {
    const dna = Array.from({ length: 50 }, (_, i) => 'ACGT'.repeat(200 + i))
    expect(chooseK(dna).k).toBe(7) // 4^7 = 16,384 ≥ 16 × 1,000; 4^6 is not
    expect(chooseK(dna).reason).toMatch(/k = 7/)
    const shortDna = Array.from({ length: 50 }, () => 'ACGT'.repeat(25))
    expect(chooseK(shortDna).k).toBe(6) // 4^6 = 4,096 ≥ 16 × 100; 4^5 is not
    const protein = Array.from({ length: 50 }, () => 'ACDEFGHIKLMNPQRSTVWY'.repeat(15))
    expect(chooseK(protein).k).toBe(3) // 20^3 = 8,000 ≥ 16 × 300
  })
})
