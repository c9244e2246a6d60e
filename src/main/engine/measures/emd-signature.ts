/**
 * Earth Mover's Distance between 2-D signatures: weights at points in the plane (for images, the
 * mass of each block of a 4 × 4, 7 × 7 or 14 × 14 grid at the block's centre), with the Euclidean
 * distance between points as the ground distance. Solved exactly by network-simplex.ts.
 *
 * Unequal total mass is handled by normalising: each signature's weights are divided by their sum,
 * so the result is the cost of turning one distribution into the other (POT's `ot.emd2` on
 * normalised weights), and two images that differ only in overall brightness are at distance 0.
 * Rubner's original EMD instead moves only the smaller total and divides by it (partial matching);
 * that is not what this computes. On normalised signatures the EMD is a metric.
 */
import { MeasureError } from './errors'
import { solveTransport } from './network-simplex'

export interface Signature {
  /** Non-negative mass of each point. */
  weights: ArrayLike<number>
  /** The points, as x, y pairs: x₀, y₀, x₁, y₁, … (length 2 × weights.length). */
  centres: ArrayLike<number>
}

const gridCache = new Map<string, Float64Array>()

/** Centres of a rows × cols grid of unit blocks, row by row: block (r, c) sits at (c + ½, r + ½). */
export function gridCentres(rows: number, cols: number): Float64Array {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new MeasureError(`EMD: a grid needs whole numbers of rows and columns ≥ 1, not ${rows} × ${cols}.`)
  }
  const key = `${rows}x${cols}`
  let centres = gridCache.get(key)
  if (!centres) {
    centres = new Float64Array(2 * rows * cols)
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, k += 2) {
        centres[k] = c + 0.5
        centres[k + 1] = r + 0.5
      }
    }
    gridCache.set(key, centres)
  }
  return centres
}

/** A block signature: `weights` of a rows × cols grid, row by row, at the block centres. */
export function gridSignature(weights: ArrayLike<number>, rows: number, cols: number): Signature {
  const centres = gridCentres(rows, cols)
  if (weights.length !== rows * cols) {
    throw new MeasureError(`EMD: a ${rows} × ${cols} grid has ${rows * cols} blocks, but ${weights.length} weights were given.`)
  }
  return { weights, centres }
}

export function emdSignature(a: Signature, b: Signature): number {
  const u = nonEmptyPoints(a, 'first')
  const v = nonEmptyPoints(b, 'second')
  const m = u.index.length
  const n = v.index.length
  // Points without mass take no part in the transport; leaving them out shrinks the problem.
  const supply = Float64Array.from(u.index, (i) => a.weights[i]! / u.total)
  const demand = Float64Array.from(v.index, (j) => b.weights[j]! / v.total)
  const cost = new Float64Array(m * n)
  for (let i = 0, e = 0; i < m; i++) {
    const x = a.centres[2 * u.index[i]!]!
    const y = a.centres[2 * u.index[i]! + 1]!
    for (let j = 0; j < n; j++, e++) cost[e] = Math.hypot(x - b.centres[2 * v.index[j]!]!, y - b.centres[2 * v.index[j]! + 1]!)
  }
  return solveTransport(supply, demand, cost).cost
}

function nonEmptyPoints(s: Signature, which: string): { index: Int32Array; total: number } {
  if (s === null || typeof s !== 'object' || !s.weights || !s.centres) {
    throw new MeasureError(`EMD: the ${which} signature must be {weights, centres}; use gridSignature for a block grid.`)
  }
  const { weights, centres } = s
  if (weights.length === 0) throw new MeasureError(`EMD: the ${which} signature has no points.`)
  if (centres.length !== 2 * weights.length) {
    throw new MeasureError(`EMD: the ${which} signature has ${weights.length} weights but ${centres.length} centre coordinates; give an x, y pair per weight.`)
  }
  const index: number[] = []
  let total = 0
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new MeasureError(`EMD: the ${which} signature has weight ${String(w)} at point ${i}; weights must be finite and ≥ 0.`)
    }
    const x = centres[2 * i]!
    const y = centres[2 * i + 1]!
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new MeasureError(`EMD: the ${which} signature's point ${i} is at (${String(x)}, ${String(y)}); centres must be finite.`)
    }
    if (w > 0) {
      index.push(i)
      total += w
    }
  }
  if (!(total > 0) || !Number.isFinite(total)) {
    throw new MeasureError(`EMD: the ${which} signature's weights sum to ${total}; a signature needs some positive, finite mass.`)
  }
  return { index: Int32Array.from(index), total }
}
