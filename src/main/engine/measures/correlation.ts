/**
 * Pearson's r and Spearman's ρ (Pearson's r of the ranks, ties sharing their average rank), as
 * scipy.stats.pearsonr and spearmanr compute them. Both are similarities in [−1, 1], undefined for
 * fewer than two values or for a constant vector.
 */
import { MeasureError, checkFinite, checkPair, finiteResult, type Vector } from './errors'

export function pearson(a: Vector, b: Vector): number {
  const n = checkPair('Pearson', a, b)
  return correlate('Pearson', a, b, n)
}

export function spearman(a: Vector, b: Vector): number {
  const n = checkPair('Spearman', a, b)
  checkFinite('Spearman', a, b)
  return correlate('Spearman', ranks(a), ranks(b), n)
}

function correlate(measure: string, a: Vector, b: Vector, n: number): number {
  if (n < 2) throw new MeasureError(`${measure}: a correlation needs at least two values per vector, not ${n}.`)
  // Two passes (means first, then centred sums) avoid the cancellation of the one-pass formula
  // when the values sit far from zero.
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]!
    mb += b[i]!
  }
  // A NaN or infinity anywhere makes a sum non-finite: check once here, find the culprit only then.
  if (!Number.isFinite(ma + mb)) finiteResult(measure, NaN, a, b)
  ma /= n
  mb /= n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma
    const y = b[i]! - mb
    sab += x * y
    saa += x * x
    sbb += y * y
  }
  if (saa === 0 || sbb === 0 || !isSpread(a) || !isSpread(b)) {
    const which = saa === 0 || !isSpread(a) ? 'first' : 'second'
    throw new MeasureError(`${measure}: the ${which} vector is constant, so the correlation is undefined. Drop constant features or use a distance.`)
  }
  if (!Number.isFinite(sab) || !Number.isFinite(saa) || !Number.isFinite(sbb)) {
    throw new MeasureError(`${measure}: the values are too large to correlate in double precision. Rescale the vectors first.`)
  }
  const r = sab / norms(saa, sbb)
  return r > 1 ? 1 : r < -1 ? -1 : r
}

/** √(x·y), exact for perfect squares; through √x·√y where the product would overflow or underflow. */
export function norms(x: number, y: number): number {
  const p = x * y
  return p > 0 && p < Infinity ? Math.sqrt(p) : Math.sqrt(x) * Math.sqrt(y)
}

/** A constant vector can leave rounding noise in its centred sum of squares; test it directly. */
function isSpread(v: Vector): boolean {
  const first = v[0]
  for (let i = 1; i < v.length; i++) if (v[i] !== first) return true
  return false
}

/**
 * 1-based ranks; tied values share the mean of the ranks they span. A native numeric sort of the
 * values, then a binary search per value for its run of equals: several times faster than sorting
 * indices with a comparator.
 */
export function ranks(v: Vector): Float64Array {
  const n = v.length
  const sorted = new Float64Array(n)
  for (let i = 0; i < n; i++) sorted[i] = v[i]! + 0 // + 0 turns −0 into 0, which ties with it
  sorted.sort()
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const x = v[i]! + 0
    const lo = lowerBound(sorted, x)
    let hi = lo + 1
    if (hi < n && sorted[hi] === x) hi = upperBound(sorted, x, hi)
    out[i] = (lo + hi + 1) / 2 // mean of ranks lo + 1 … hi
  }
  return out
}

function lowerBound(s: Float64Array, x: number): number {
  let lo = 0
  let hi = s.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (s[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(s: Float64Array, x: number, from: number): number {
  let lo = from
  let hi = s.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (s[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
