/**
 * Cosine similarity a·b / (‖a‖‖b‖) and cosine distance 1 − similarity (scipy's `cosine`). The
 * distance is not a metric: it breaks the triangle inequality.
 */
import { norms } from './correlation'
import { MeasureError, checkPair, finiteResult, type Vector } from './errors'

export function cosineSimilarity(a: Vector, b: Vector): number {
  return similarity('cosine similarity', a, b)
}

/** In [0, 2]; 0 for vectors pointing the same way. */
export function cosineDistance(a: Vector, b: Vector): number {
  return 1 - similarity('cosine distance', a, b)
}

function similarity(measure: string, a: Vector, b: Vector): number {
  const n = checkPair(measure, a, b)
  let ab0 = 0
  let ab1 = 0
  let aa0 = 0
  let aa1 = 0
  let bb0 = 0
  let bb1 = 0
  let i = 0
  for (const end = n - 1; i < end; i += 2) {
    const x0 = a[i]!
    const y0 = b[i]!
    const x1 = a[i + 1]!
    const y1 = b[i + 1]!
    ab0 += x0 * y0
    aa0 += x0 * x0
    bb0 += y0 * y0
    ab1 += x1 * y1
    aa1 += x1 * x1
    bb1 += y1 * y1
  }
  if (i < n) {
    const x = a[i]!
    const y = b[i]!
    ab0 += x * y
    aa0 += x * x
    bb0 += y * y
  }
  const aa = aa0 + aa1
  const bb = bb0 + bb1
  finiteResult(measure, aa + bb + (ab0 + ab1), a, b)
  if (aa === 0 || bb === 0) {
    throw new MeasureError(
      `${measure}: the ${aa === 0 ? 'first' : 'second'} vector is all zeros, so it has no direction and the cosine is undefined. ` +
        'Drop empty feature vectors or use a Euclidean measure.'
    )
  }
  // Rounding can push the ratio a hair past ±1; scipy clips the distance to [0, 2] the same way.
  const s = (ab0 + ab1) / norms(aa, bb)
  return s > 1 ? 1 : s < -1 ? -1 : s
}
