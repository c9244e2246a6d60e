/**
 * The k-distance curve that DBSCAN's eps is read from (Ester et al. 1996, §4.2): each point's
 * distance to its k-th nearest neighbour, sorted in descending order. Points left of the knee are
 * noise; the knee's distance is a natural eps.
 *
 * Convention: k counts neighbours other than the point itself, and kForMinSamples(m) = m − 1.
 * Then a point is core for DBSCAN(eps, minSamples = m) exactly when its k-distance is ≤ eps, since
 * minSamples counts the point itself. This is the same curve as scikit-learn's
 * NearestNeighbors(n_neighbors=m).fit(X).kneighbors(X)[0][:, -1], the recipe most guides give
 * (there the point itself comes back as its own first neighbour).
 */
import { allKnn, buildIndex } from '../search/build-index'
import { checkAborted, checkK, checkMatrix } from '../search/checks'
import { seededRandom } from '../random'
import type { LongWork, Matrix, NeighbourIndex } from '../search/types'
import { KDistanceError, downsampleCurve, type CurvePoints } from './k-distance-knee'

export { KDistanceError, chooseEps, downsampleCurve, type CurvePoints, type EpsChoice } from './k-distance-knee'

export interface KDistanceOptions extends LongWork {
  /** An index over the same matrix; by default an exact one is built. */
  index?: NeighbourIndex
  /** Measure only this many points, drawn at random (each still against all points); by default all. */
  sample?: number
  /** Seed of the sample; 1 by default. */
  seed?: number
}

export interface KDistanceCurve {
  k: number
  /** The k-distance of each measured point, descending. */
  distances: Float32Array
  /** True when the curve is from a random sample of the points. */
  sampled: boolean
  /** Points on the curve: the sample's size when sampled. */
  n: number
  /** Points in the matrix. */
  total: number
  seed?: number
  /** At most 1,000 points of the curve, for display. */
  display: CurvePoints
}

/** The k to use for DBSCAN's minSamples: the neighbours besides the point itself. */
export function kForMinSamples(minSamples: number): number {
  if (!Number.isInteger(minSamples) || minSamples < 2) {
    throw new KDistanceError(`The k-distance curve needs minSamples ≥ 2 (k = minSamples − 1 ≥ 1), not ${minSamples}.`)
  }
  return minSamples - 1
}

const PROGRESS_EVERY = 2048

export function kDistanceCurve(matrix: Matrix, k: number, options: KDistanceOptions = {}): KDistanceCurve {
  checkMatrix(matrix)
  const n = matrix.rows
  checkK(k, n)
  const { sample, index } = options
  if (sample !== undefined && (!Number.isInteger(sample) || sample < 1)) {
    throw new KDistanceError(`sample must be a whole number of points ≥ 1, not ${sample}; leave it out to measure every point.`)
  }
  if (index && (index.size !== n || index.dim !== matrix.cols)) {
    throw new KDistanceError(`The index holds ${index.size} points of dimension ${index.dim}, but the matrix is ${n} × ${matrix.cols}. Build the index from the same matrix.`)
  }
  const sampled = sample !== undefined && sample < n
  let distances: Float32Array
  if (!sampled && !index) {
    const knn = allKnn(matrix, k, options)
    distances = Float32Array.from({ length: n }, (_, i) => knn.distances[i * k + k - 1]!)
  } else {
    const points = sampled ? samplePoints(n, sample, options.seed ?? 1) : Int32Array.from({ length: n }, (_, i) => i)
    const search = index ?? buildIndex(matrix)
    distances = new Float32Array(points.length)
    for (let t = 0; t < points.length; t++) {
      if (t % PROGRESS_EVERY === 0 && t > 0) {
        checkAborted(options.signal)
        options.onProgress?.(t, points.length)
      }
      distances[t] = search.knnOf(points[t]!, k).distances[k - 1]!
    }
    options.onProgress?.(points.length, points.length)
  }
  distances.sort().reverse()
  return {
    k,
    distances,
    sampled,
    n: distances.length,
    total: n,
    ...(sampled ? { seed: options.seed ?? 1 } : {}),
    display: downsampleCurve(distances)
  }
}

/** `size` distinct points out of n, by a partial Fisher–Yates shuffle, in ascending order. */
function samplePoints(n: number, size: number, seed: number): Int32Array {
  const random = seededRandom(seed)
  const all = Int32Array.from({ length: n }, (_, i) => i)
  for (let t = 0; t < size; t++) {
    const j = t + Math.floor(random() * (n - t))
    const x = all[t]!
    all[t] = all[j]!
    all[j] = x
  }
  return all.slice(0, size).sort()
}
