/**
 * Jaccard: |A ∩ B| / |A ∪ B| as a similarity, and 1 − that as a distance (a metric, and scipy's
 * `jaccard` on boolean vectors). For sets of tokens (k-mer shingles, tags) and for 0/1 vectors,
 * where the set is the positions holding 1.
 *
 * Two empty sets (or two all-zero vectors) have similarity 1 and distance 0, as in scipy: they
 * are identical, and this keeps d(x, x) = 0 for every x.
 */
import { MeasureError, checkBinaryPair, checkPair, type Vector } from './errors'

export type Token = string | number

export function jaccardSetSimilarity(a: Iterable<Token>, b: Iterable<Token>): number {
  const sa = toSet('Jaccard', a, 'first')
  const sb = toSet('Jaccard', b, 'second')
  const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa]
  let shared = 0
  for (const t of small) if (large.has(t)) shared++
  const union = sa.size + sb.size - shared
  return union === 0 ? 1 : shared / union
}

export function jaccardSetDistance(a: Iterable<Token>, b: Iterable<Token>): number {
  return 1 - jaccardSetSimilarity(a, b)
}

export function jaccardBinarySimilarity(a: Vector, b: Vector): number {
  const n = checkPair('Jaccard', a, b)
  let shared = 0
  let union = 0
  let binary = true
  for (let i = 0; i < n; i++) {
    const x = a[i]!
    const y = b[i]!
    // (x & 1) === x holds for 0 and 1 only: the check rides along in the same loop.
    if ((x & 1) !== x || (y & 1) !== y) binary = false
    shared += x & y
    union += x | y
  }
  if (!binary) checkBinaryPair('Jaccard', a, b)
  return union === 0 ? 1 : shared / union
}

export function jaccardBinaryDistance(a: Vector, b: Vector): number {
  return 1 - jaccardBinarySimilarity(a, b)
}

function toSet(measure: string, tokens: Iterable<Token>, which: string): ReadonlySet<Token> {
  if (tokens === null || typeof tokens !== 'object' || typeof (tokens as Partial<Iterable<Token>>)[Symbol.iterator] !== 'function') {
    throw new MeasureError(`${measure}: the ${which} argument is not a set. Pass a Set or an array of strings or numbers.`)
  }
  const set = tokens instanceof Set ? (tokens as Set<Token>) : new Set(tokens)
  for (const t of set) {
    if (typeof t === 'string') continue
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new MeasureError(`${measure}: the ${which} set holds ${String(t)}; tokens must be strings or finite numbers.`)
    }
  }
  return set
}
