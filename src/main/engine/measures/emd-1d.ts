/**
 * Earth Mover's Distance between 1-D histograms, exact: the area between the two cumulative
 * distributions, ∫|F_a(x) − F_b(x)| dx, which is the optimal transport cost on a line. It equals
 * scipy.stats.wasserstein_distance(positions_a, positions_b, weights_a, weights_b).
 *
 * Each histogram's weights are normalised to sum 1 (as scipy does), so only their shapes matter.
 * Bins sit at positions 0, 1, …, n − 1 unless `positions` are given (any order, repeats allowed);
 * the distance is then in the positions' unit. A metric on normalised histograms.
 */
import { MeasureError } from './errors'

export interface Histogram1D {
  weights: ArrayLike<number>
  /** Where each bin sits; default 0, 1, …, n − 1. */
  positions?: ArrayLike<number>
}

interface Checked {
  weights: ArrayLike<number>
  positions: ArrayLike<number> | undefined
  total: number
}

export function emd1d(a: ArrayLike<number> | Histogram1D, b: ArrayLike<number> | Histogram1D): number {
  const u = check(a, 'first')
  const v = check(b, 'second')
  if (u.positions === undefined && v.positions === undefined) {
    const n = u.weights.length
    if (v.weights.length !== n) {
      throw new MeasureError(
        `EMD: the histograms have different numbers of bins (${n} and ${v.weights.length}). ` +
          'Use the same binning, or give each histogram its bin positions.'
      )
    }
    // Unit-spaced bins: the area is the sum of the cumulative differences.
    let cu = 0
    let cv = 0
    let area = 0
    for (let k = 0; k < n - 1; k++) {
      cu += u.weights[k]! / u.total
      cv += v.weights[k]! / v.total
      area += Math.abs(cu - cv)
    }
    return area
  }
  const [pu, wu] = sortedByPosition(u)
  const [pv, wv] = sortedByPosition(v)
  let i = 0
  let j = 0
  let cu = 0
  let cv = 0
  let area = 0
  let x = Math.min(pu[0]!, pv[0]!)
  while (i < pu.length || j < pv.length) {
    const next = Math.min(i < pu.length ? pu[i]! : Infinity, j < pv.length ? pv[j]! : Infinity)
    area += Math.abs(cu - cv) * (next - x)
    x = next
    while (i < pu.length && pu[i] === x) cu += wu[i++]! / u.total
    while (j < pv.length && pv[j] === x) cv += wv[j++]! / v.total
  }
  return area
}

function check(h: ArrayLike<number> | Histogram1D, which: string): Checked {
  const isHistogram = h !== null && typeof h === 'object' && 'weights' in h
  const weights = isHistogram ? h.weights : (h as ArrayLike<number>)
  const positions = isHistogram ? h.positions : undefined
  if (weights === null || typeof weights !== 'object' || typeof weights.length !== 'number') {
    throw new MeasureError(`EMD: the ${which} histogram has no weights. Pass an array of bin weights or {weights, positions}.`)
  }
  if (weights.length === 0) throw new MeasureError(`EMD: the ${which} histogram has no bins.`)
  let total = 0
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new MeasureError(`EMD: the ${which} histogram has weight ${String(w)} in bin ${i}; weights must be finite and ≥ 0.`)
    }
    total += w
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new MeasureError(`EMD: the ${which} histogram's weights sum to ${total}; a histogram needs some positive, finite mass.`)
  }
  if (positions !== undefined) {
    if (positions.length !== weights.length) {
      throw new MeasureError(`EMD: the ${which} histogram has ${weights.length} weights but ${positions.length} positions; give one position per bin.`)
    }
    for (let i = 0; i < positions.length; i++) {
      if (typeof positions[i] !== 'number' || !Number.isFinite(positions[i])) {
        throw new MeasureError(`EMD: the ${which} histogram has position ${String(positions[i])} for bin ${i}; positions must be finite numbers.`)
      }
    }
  }
  return { weights, positions, total }
}

/** Positions in ascending order with their weights; already-sorted input is used as it is. */
function sortedByPosition(h: Checked): [ArrayLike<number>, ArrayLike<number>] {
  const n = h.weights.length
  const p = h.positions
  if (p === undefined) return [Float64Array.from({ length: n }, (_, i) => i), h.weights]
  let sorted = true
  for (let i = 1; i < n && sorted; i++) if (p[i]! < p[i - 1]!) sorted = false
  if (sorted) return [p, h.weights]
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => p[x]! - p[y]!)
  return [Float64Array.from(order, (i) => p[i]!), Float64Array.from(order, (i) => h.weights[i]!)]
}
