/**
 * Reading eps off a k-distance curve, and thinning the curve for display.
 *
 * The knee is found as Kneedle does (Satopää et al. 2011) in its simplest form: both axes are
 * scaled to [0, 1] (rank by n − 1, distance by its range) and the knee is the point farthest from
 * the chord joining the first and last points; the first such point on ties. For the usual convex
 * curve (a steep head of noise points, then a long flat tail) that is where the drop levels off.
 * Unlike the paper, there is no smoothing and no sensitivity threshold: the curve of sorted
 * distances is already monotone, and one answer is needed even when the knee is weak.
 */

export class KDistanceError extends Error {
  override name = 'KDistanceError'
}

export interface EpsChoice {
  eps: number
  /** Position of the knee on the curve (its rank in descending order). */
  kneeIndex: number
}

export interface CurvePoints {
  /** Positions on the full curve (0 = largest distance), ascending. */
  ranks: number[]
  distances: number[]
}

/**
 * eps at the knee of a descending k-distance curve (a KDistanceCurve or its `distances`). eps must
 * be positive, so where the knee falls on distance 0 (most points have k exact duplicates), the
 * smallest positive distance on the curve is taken instead.
 */
export function chooseEps(curve: ArrayLike<number> | { distances: ArrayLike<number> }): EpsChoice {
  const y = 'distances' in curve ? curve.distances : curve
  const n = y.length
  if (n === 0) throw new KDistanceError('The k-distance curve is empty: there are no points to choose eps from.')
  const top = y[0]!
  const bottom = y[n - 1]!
  for (let i = 1; i < n; i++) {
    if (!(y[i]! <= y[i - 1]!)) throw new KDistanceError(`The k-distance curve must be sorted in descending order; position ${i} is larger than the one before.`)
  }
  const span = top - bottom
  let kneeIndex = 0
  let best = -1
  for (let i = 0; i < n; i++) {
    const x = n === 1 ? 0 : i / (n - 1)
    const yn = span > 0 ? (y[i]! - bottom) / span : 0
    // Distance to the chord x + y = 1, times √2.
    const d = Math.abs(1 - x - yn)
    if (d > best) {
      best = d
      kneeIndex = i
    }
  }
  let eps = y[kneeIndex]!
  if (eps === 0) {
    let last = kneeIndex
    while (last > 0 && y[last]! === 0) last--
    if (y[last]! === 0) {
      throw new KDistanceError('Every point has k exact duplicates (all k-distances are 0), so no positive eps can be read off. Remove duplicates or raise minSamples.')
    }
    kneeIndex = last
    eps = y[last]!
  }
  return { eps, kneeIndex }
}

/**
 * At most `maxPoints` points of a curve, the first and last always among them, spaced evenly
 * along its length on the same [0, 1] axes as the knee. Even spacing by rank alone would
 * leave a handful of points for the steep head, where the curve does most of its falling.
 */
export function downsampleCurve(distances: ArrayLike<number>, maxPoints = 1000): CurvePoints {
  const n = distances.length
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new KDistanceError(`maxPoints must be a whole number ≥ 2, not ${maxPoints}.`)
  if (n <= maxPoints) return { ranks: Array.from({ length: n }, (_, i) => i), distances: Array.from(distances) }
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    min = Math.min(min, distances[i]!)
    max = Math.max(max, distances[i]!)
  }
  const span = max > min ? max - min : 1
  const step = (i: number): number => 1 / (n - 1) + Math.abs(distances[i]! - distances[i - 1]!) / span
  let length = 0
  for (let i = 1; i < n; i++) length += step(i)
  // Each kept point between the ends uses up `spacing` of the length (a long step may pay for
  // several points in a row), so at most maxPoints − 2 fit.
  const spacing = length / (maxPoints - 2)
  const ranks = [0]
  let since = 0
  for (let i = 1; i < n - 1; i++) {
    since += step(i)
    if (since >= spacing) {
      ranks.push(i)
      since -= spacing
    }
  }
  ranks.push(n - 1)
  return { ranks, distances: ranks.map((i) => distances[i]!) }
}
