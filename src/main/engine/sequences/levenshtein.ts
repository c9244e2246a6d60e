/**
 * Lengths and distances of sequences as the clustering counts them: by code point, with the
 * bounded bit-parallel Levenshtein distance of measures/levenshtein.ts.
 */
import { levenshtein } from '../measures/levenshtein'

/**
 * The distance over the longer length, in [0, 1]: 0 for equal strings (two empty ones included),
 * 1 when no character can be kept in place. With `maxDistance`, a normalised distance above it
 * comes back as 1.
 */
export function normalisedLevenshtein(a: string, b: string, maxDistance = 1): number {
  const longer = Math.max(codePointLength(a), codePointLength(b))
  if (longer === 0) return 0
  const bound = Math.floor(maxDistance * longer)
  const d = levenshtein(a, b, { maxDistance: bound })
  return d > bound ? 1 : d / longer
}

/** Characters as the string measures count them: code points, a surrogate pair being one. */
export function codePointLength(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
}
