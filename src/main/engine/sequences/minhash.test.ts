import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { SequenceError } from './errors'
import { estimateJaccard, MinHasher } from './minhash'

const P = 2n ** 31n - 1n

/** Two sets of random 32-bit values of the given sizes sharing `shared` members. */
function overlapping(random: () => number, size: number, shared: number): [Uint32Array, Uint32Array] {
  const values = new Set<number>()
  while (values.size < 2 * size - shared) values.add(Math.floor(random() * 2 ** 32))
  const all = Array.from(values)
  return [Uint32Array.from(all.slice(0, size)), Uint32Array.from(all.slice(size - shared))]
}

function signatureOf(hasher: MinHasher, set: Uint32Array): Uint32Array {
  const out = new Uint32Array(hasher.hashes)
  hasher.signature(set, set.length, out)
  return out
}

describe('MinHash', () => {
  it('computes (a·x + b) mod (2³¹ − 1) exactly, as BigInt arithmetic does', () => {
    const hasher = new MinHasher(16, 3)
    // A one-member set's slot is h(x) itself: h(0) = b and h(1) = a + b give a and b.
    const h0 = signatureOf(hasher, Uint32Array.of(0))
    const h1 = signatureOf(hasher, Uint32Array.of(1))
    const random = seededRandom(5)
    for (let t = 0; t < 200; t++) {
      const x = t < 3 ? [0x7fffffff, 0xfffffffe, 0xffffffff][t]! : Math.floor(random() * 2 ** 32)
      const hx = signatureOf(hasher, Uint32Array.of(x))
      for (let i = 0; i < 16; i++) {
        const b = BigInt(h0[i]!)
        const a = (BigInt(h1[i]!) - b + P) % P
        expect(BigInt(hx[i]!), `x ${x}, slot ${i}`).toBe((a * (BigInt(x) % P) + b) % P)
      }
    }
  })

  it('estimates the Jaccard index of known sets within three standard errors', () => {
    const n = 256
    const hasher = new MinHasher(n, 11)
    const random = seededRandom(2)
    let total = 0
    for (const [size, shared] of [[200, 36], [300, 138], [400, 267], [100, 89], [500, 450], [1000, 100]] as const) {
      const [a, b] = overlapping(random, size, shared)
      const j = shared / (2 * size - shared)
      const est = estimateJaccard(signatureOf(hasher, a), signatureOf(hasher, b))
      expect(Math.abs(est - j), `J = ${j.toFixed(3)}, estimate ${est}`).toBeLessThanOrEqual(3 * Math.sqrt((j * (1 - j)) / n))
      total += est - j
    }
    expect(Math.abs(total / 6)).toBeLessThan(0.03) // no bias either way
  })

  it('gives 1 for equal sets whatever their order, and 0 for disjoint ones', () => {
    const hasher = new MinHasher(64, 1)
    const [a, b] = overlapping(seededRandom(4), 100, 0)
    const reversed = a.slice().reverse()
    expect(estimateJaccard(signatureOf(hasher, a), signatureOf(hasher, reversed))).toBe(1)
    expect(estimateJaccard(signatureOf(hasher, a), signatureOf(hasher, b))).toBe(0)
  })

  it('gives the same signature for the same input and seed, another for another seed', () => {
    const [a] = overlapping(seededRandom(8), 50, 0)
    expect(signatureOf(new MinHasher(32, 7), a)).toEqual(signatureOf(new MinHasher(32, 7), a))
    expect(signatureOf(new MinHasher(32, 7), a)).not.toEqual(signatureOf(new MinHasher(32, 8), a))
  })

  it('writes at an offset and refuses a count of no hash functions', () => {
    const hasher = new MinHasher(4, 1)
    const out = new Uint32Array(12)
    hasher.signature(Uint32Array.of(5, 9), 2, out, 4)
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 0])
    expect(out.subarray(4, 8)).toEqual(signatureOf(hasher, Uint32Array.of(9, 5)))
    expect(() => new MinHasher(0, 1)).toThrow(SequenceError)
  })
})
