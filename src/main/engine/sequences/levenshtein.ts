/**
 * Bounded Levenshtein distance (insertions, deletions, substitutions, each costing 1) by code
 * point, as a dynamic programme kept to the diagonal band |i − j| ≤ max (Ukkonen 1985): a cell
 * outside it already needs more than max insertions or deletions. Each row holds 2·max + 1 cells
 * in a reused Int32Array, and the work stops as soon as a whole row exceeds max, since every
 * path to the last cell crosses that row. A distance over max is returned as max + 1.
 *
 * measures/levenshtein.ts computes the same distance with Myers' bit-parallel algorithm, 32 cells
 * a step, and the clustering uses it where its speed counts; this one is the plain banded form,
 * simple enough to check by hand and to serve as the reference the tests hold both against.
 */
import { CodePoints } from '../measures/code-points'
import { SequenceError } from './errors'

const A = new CodePoints()
const B = new CodePoints()
let previous = new Int32Array(64)
let current = new Int32Array(64)

export function levenshtein(a: string, b: string, maxDistance = Infinity): number {
  if (typeof a !== 'string' || typeof b !== 'string') throw new SequenceError('Levenshtein compares two strings; convert the sequences to text first.')
  if (maxDistance !== Infinity && (!Number.isInteger(maxDistance) || maxDistance < 0)) {
    throw new SequenceError(`maxDistance must be a whole number ≥ 0 (or left out), not ${maxDistance}.`)
  }
  A.load(a)
  B.load(b)
  return bandedEdits(A.data, A.length, B.data, B.length, maxDistance)
}

/** The same on code points already loaded: x[0, m) against y[0, n). */
export function bandedEdits(x: Int32Array, m: number, y: Int32Array, n: number, maxDistance: number): number {
  if (m > n) return bandedEdits(y, n, x, m, maxDistance) // x is the shorter: rows are its characters
  const max = (maxDistance < n ? maxDistance : n) | 0 // n edits always suffice
  if (n - m > max) return max + 1
  if (m === 0) return n
  const width = 2 * max + 1
  // One cell more than the band, always out of reach, so the inner loop reads D[i − 1][j] unchecked.
  if (previous.length < width + 1) {
    previous = new Int32Array(2 * width + 2)
    current = new Int32Array(2 * width + 2)
  }
  const over = max + 1 // any value above max behaves alike; capping keeps sums from overflowing
  let prev = previous
  let cur = current
  // Cell (i, j) lives at j − i + max. Row 0: D[0][j] = j for j ≤ max.
  for (let d = 0; d <= width; d++) {
    const j = d - max
    prev[d] = j >= 0 && j <= n && d < width ? j : over
  }
  cur[width] = over
  for (let i = 1; i <= m; i++) {
    const xi = x[i - 1]!
    const jFrom = i > max ? i - max : 0
    const jTo = i + max < n ? i + max : n
    let rowMin = over
    let left = over // D[i][j − 1]
    if (jFrom === 0) {
      left = i
      cur[max - i] = i
      rowMin = i
    }
    const shift = max - i
    for (let j = jFrom > 1 ? jFrom : 1; j <= jTo; j++) {
      const d = j + shift
      let v = prev[d]! + (xi === y[j - 1] ? 0 : 1) // diagonal: D[i − 1][j − 1] sits at the same d
      const up = prev[d + 1]! + 1 // D[i − 1][j]
      if (up < v) v = up
      if (left + 1 < v) v = left + 1
      if (v > over) v = over
      cur[d] = v
      left = v
      if (v < rowMin) rowMin = v
    }
    // Cells of this row outside [jFrom, jTo] must read as out of reach in the next row.
    if (jTo + shift + 1 < width) cur[jTo + shift + 1] = over
    if (rowMin > max) return max + 1
    const t = prev
    prev = cur
    cur = t
  }
  const result = prev[n - m + max]!
  return result > max ? max + 1 : result
}

/**
 * The distance over the longer length, in [0, 1]: 0 for equal strings (two empty ones included),
 * 1 when no character can be kept in place. With `maxDistance`, a normalised distance above it
 * comes back as 1.
 */
export function normalisedLevenshtein(a: string, b: string, maxDistance = 1): number {
  A.load(a)
  B.load(b)
  const longer = Math.max(A.length, B.length)
  if (longer === 0) return 0
  const bound = Math.floor(maxDistance * longer)
  const d = bandedEdits(A.data, A.length, B.data, B.length, bound)
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
