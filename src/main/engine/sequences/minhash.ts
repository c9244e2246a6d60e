/**
 * MinHash signatures (Broder 1997): slot i of a set's signature is the smallest h_i(x) over its
 * members x, and two sets agree in a slot with probability equal to their Jaccard index, so the
 * share of equal slots estimates it with standard error √(J(1 − J)/n).
 *
 * h_i(x) = (a_i·x + b_i) mod p, p = 2³¹ − 1, with a_i in [1, p) and b_i in [0, p) drawn from the
 * seed: the universal family of Carter and Wegman. The product a·x reaches 2⁶², past what a
 * double holds exactly, so a is split into 16-bit halves and each partial product is folded with
 * 2³¹ ≡ 1 (mod p); every intermediate stays below 2⁵³ and no BigInt or `%` is needed.
 */
import { seededRandom } from '../random'
import { SequenceError } from './errors'

const P = 2147483647 // 2³¹ − 1
const TWO31 = 2147483648

export class MinHasher {
  readonly hashes: number
  private readonly aHigh: Float64Array
  private readonly aLow: Float64Array
  private readonly b: Float64Array
  private reduced = new Float64Array(256)

  constructor(hashes: number, seed: number) {
    if (!Number.isInteger(hashes) || hashes < 1) throw new SequenceError(`The number of MinHash functions must be a whole number ≥ 1, not ${hashes}.`)
    this.hashes = hashes
    this.aHigh = new Float64Array(hashes)
    this.aLow = new Float64Array(hashes)
    this.b = new Float64Array(hashes)
    const random = seededRandom(seed)
    for (let i = 0; i < hashes; i++) {
      const a = 1 + Math.floor(random() * (P - 1))
      this.aHigh[i] = Math.floor(a / 65536)
      this.aLow[i] = a % 65536
      this.b[i] = Math.floor(random() * P)
    }
  }

  /**
   * Writes the signature of the first `count` values of `members` (32-bit hashes) into
   * `out[offset, offset + hashes)`. An empty set gets the signature of all p, which matches
   * nothing but another empty set.
   */
  signature(members: Uint32Array, count: number, out: Uint32Array, offset = 0): void {
    if (this.reduced.length < count) this.reduced = new Float64Array(Math.max(count, 2 * this.reduced.length))
    const x = this.reduced
    for (let j = 0; j < count; j++) {
      const v = members[j]!
      const r = (v & P) + (v >>> 31) // v mod p, up to one subtraction
      x[j] = r >= P ? r - P : r
    }
    const { aHigh, aLow, b } = this
    for (let i = 0; i < this.hashes; i++) {
      const ah = aHigh[i]!
      const al = aLow[i]!
      const bi = b[i]!
      let min = P
      for (let j = 0; j < count; j++) {
        const xj = x[j]!
        // (ah·x mod p)·2¹⁶ + al·x + b < 2⁴⁷ + 2⁴⁷ + 2³¹, folded once more below.
        let t = ah * xj
        let hi = Math.floor(t / TWO31)
        t = t - hi * TWO31 + hi
        if (t >= P) t -= P
        let u = t * 65536 + al * xj + bi
        hi = Math.floor(u / TWO31)
        u = u - hi * TWO31 + hi
        if (u >= P) u -= P
        if (u < min) min = u
      }
      out[offset + i] = min
    }
  }
}

/** The share of equal slots of two signatures of `length` slots, at offsets in their arrays. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array, length = a.length, offsetA = 0, offsetB = 0): number {
  if (length === 0) return 0
  let same = 0
  for (let i = 0; i < length; i++) if (a[offsetA + i] === b[offsetB + i]) same++
  return same / length
}
