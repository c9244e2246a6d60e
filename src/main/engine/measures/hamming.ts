/**
 * Hamming distance: the COUNT of positions that differ, for equal-length strings (by code point)
 * and for 0/1 vectors. A metric. scipy.spatial.distance.hamming returns the FRACTION of positions
 * instead (count / length); divide by the length to get it.
 */
import { CodePoints } from './code-points'
import { MeasureError, checkBinaryPair, checkPair, checkString, type Vector } from './errors'

const A = new CodePoints()
const B = new CodePoints()

export function hammingString(a: string, b: string): number {
  checkString('Hamming', a, b)
  const x = A.load(a)
  const y = B.load(b)
  if (x.length !== y.length) {
    throw new MeasureError(
      `Hamming: the strings have different lengths (${x.length} and ${y.length} characters); Hamming distance compares ` +
        'equal-length strings position by position. Use Levenshtein for strings of different lengths.'
    )
  }
  const xs = x.data
  const ys = y.data
  let count = 0
  for (let i = 0; i < x.length; i++) if (xs[i] !== ys[i]) count++
  return count
}

export function hammingBinary(a: Vector, b: Vector): number {
  const n = checkPair('Hamming', a, b)
  let count = 0
  let binary = true
  for (let i = 0; i < n; i++) {
    const x = a[i]!
    const y = b[i]!
    // (x & 1) === x holds for 0 and 1 only: the check rides along in the same loop.
    if ((x & 1) !== x || (y & 1) !== y) binary = false
    count += x ^ y
  }
  if (!binary) checkBinaryPair('Hamming', a, b)
  return count
}
