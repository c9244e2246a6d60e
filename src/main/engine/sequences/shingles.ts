/**
 * k-mer shingles of a sequence, hashed to 32-bit integers, and the choice of k.
 *
 * Deliberate difference from the method's reference: its MinHash hashed single characters, so
 * every DNA sequence shared all four "shingles" with every other and looked identical. Here a
 * shingle is k consecutive characters (code points, as the string measures count them), and k is
 * chosen so that two unrelated sequences share few of them by chance.
 *
 * The hash is a polynomial rolling hash mod 2³² (one multiply and two adds per character, whatever
 * k is), passed through murmur3's finaliser with a seed so that its bits are well mixed.
 */
import { CodePoints } from '../measures/code-points'
import { SequenceError } from './errors'

/** Largest k offered: beyond it a k-mer is nearly a whole read and shared k-mers vanish. */
export const MAX_K = 32
/** k is chosen so that one sequence's k-mers are at most this share of all possible ones. */
const CHANCE_SHARE = 1 / 16

export function checkK(k: number): void {
  if (k === 1) {
    throw new SequenceError('k = 1 is not a shingle: a single character is shared by nearly every pair of sequences. Use k ≥ 2 (5 to 8 for DNA), or leave k out to choose it from the data.')
  }
  if (!Number.isInteger(k) || k < 2 || k > MAX_K) throw new SequenceError(`k must be a whole number from 2 to ${MAX_K}, not ${k}; leave it out to choose it from the data.`)
}

export interface KChoice {
  k: number
  reason: string
}

/**
 * The smallest k for which a long sequence (the 90th percentile of lengths) fills at most 1/16 of
 * the |alphabet|^k possible k-mers: an unrelated sequence then shares roughly that share of its
 * k-mers by chance (Jaccard ≈ 0.03), while a copy with 10 % of its positions changed keeps
 * 0.9^k of them (about half for DNA, where this gives k = 7 at 1,000 bases). A larger k would
 * lose the copies; a smaller one would let chance matches flood the candidates.
 */
export function chooseK(sequences: readonly string[]): KChoice {
  const alphabet = new Set<number>()
  const lengths: number[] = []
  const cp = new CodePoints()
  const step = Math.max(1, Math.floor(sequences.length / 2000)) // a sample is enough for both
  for (let i = 0; i < sequences.length; i += step) {
    cp.load(sequences[i]!)
    lengths.push(cp.length)
    for (let j = 0; j < cp.length; j++) alphabet.add(cp.data[j]!)
  }
  lengths.sort((a, b) => a - b)
  const long = lengths.length === 0 ? 0 : lengths[Math.min(lengths.length - 1, Math.floor(0.9 * lengths.length))]!
  const size = Math.max(2, alphabet.size)
  let k = 2
  while (k < MAX_K && long > CHANCE_SHARE * size ** k) k++
  return {
    k,
    reason:
      `k = ${k}: with an alphabet of ${alphabet.size} characters and long sequences of ${long.toLocaleString('en')}, ` +
      `a sequence holds at most 1/16 of the ${size}^${k} possible ${k}-mers, so unrelated sequences share few by chance.`
  }
}

const BASE = 0x01000193 // FNV's 32-bit prime: odd, so multiplying by it is a bijection mod 2³²

const cp = new CodePoints()

/**
 * The hashes of the k-mers of `sequence`, one per position (repeats kept: a minimum over a list
 * equals the minimum over its set). A sequence shorter than k is one shingle, itself, so two equal
 * short sequences still match. `out` is reused when large enough. Returns the array and the count.
 */
export function shingleHashes(sequence: string, k: number, seed: number, out?: Uint32Array): { hashes: Uint32Array; count: number } {
  checkK(k)
  return shingleCodePoints(cp.load(sequence).data, cp.length, k, seed, out)
}

export function shingleCodePoints(data: Int32Array, length: number, k: number, seed: number, out?: Uint32Array): { hashes: Uint32Array; count: number } {
  const count = Math.max(1, length - k + 1)
  const hashes = out && out.length >= count ? out : new Uint32Array(Math.max(count, out ? out.length * 2 : 0))
  const width = Math.min(k, length)
  let topPower = 1 // BASE^(width − 1) mod 2³², which removes the character leaving the window
  for (let i = 1; i < width; i++) topPower = Math.imul(topPower, BASE)
  let h = 0
  for (let i = 0; i < width; i++) h = (Math.imul(h, BASE) + data[i]! + 1) | 0
  hashes[0] = mix(h, seed)
  for (let i = width, o = 1; i < length; i++, o++) {
    h = (Math.imul(h - Math.imul(data[i - width]! + 1, topPower), BASE) + data[i]! + 1) | 0
    hashes[o] = mix(h, seed)
  }
  return { hashes, count }
}

/** murmur3's 32-bit finaliser over the hash xor the seed. */
function mix(h: number, seed: number): number {
  h ^= seed
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
