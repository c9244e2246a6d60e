/**
 * Argument checks and the one definition of "within radius" that every index shares, so that
 * all of them return exactly the same neighbours.
 */
import { SearchError, type Matrix } from './types'

/** Throws unless `matrix` is a well-formed matrix of finite numbers. */
export function checkMatrix(matrix: Matrix): void {
  const { data, rows, cols } = matrix
  if (!(data instanceof Float32Array)) throw new SearchError('The matrix data must be a Float32Array. Convert the vectors with Float32Array.from first.')
  if (!Number.isSafeInteger(rows) || rows < 0 || !Number.isSafeInteger(cols) || cols < 0) {
    throw new SearchError(`The matrix shape ${rows} × ${cols} is not valid; rows and cols must be whole numbers.`)
  }
  if (rows > 0 && cols === 0) throw new SearchError('The matrix has rows but no columns. Compute features before searching for neighbours.')
  if (data.length !== rows * cols) {
    throw new SearchError(`The matrix data has ${data.length} values, but ${rows} × ${cols} needs ${rows * cols}. Check rows and cols.`)
  }
  // A NaN compares false with everything, which would quietly make a point nobody's neighbour.
  for (let p = 0; p < data.length; p++) {
    const x = data[p]!
    if (x - x !== 0) {
      const row = Math.floor(p / cols)
      throw new SearchError(
        `Row ${row} has ${x} in column ${p - row * cols}. Remove or impute missing values first; every value must be a finite number.`
      )
    }
  }
}

export function checkRadius(radius: number): void {
  if (typeof radius !== 'number' || !(radius >= 0)) throw new SearchError(`The radius must be a number ≥ 0, not ${radius}.`)
}

export function checkPoint(i: number, size: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= size) throw new SearchError(`There is no point ${i}; the index holds points 0 to ${size - 1}.`)
}

/** k must be a whole number from 1 to n − 1: a point's neighbours never include itself. */
export function checkK(k: number, size: number): void {
  if (!Number.isInteger(k) || k < 1) throw new SearchError(`k must be a whole number ≥ 1, not ${k}.`)
  if (k > size - 1) {
    throw new SearchError(
      `k = ${k} neighbours were asked for, but there ${size === 2 ? 'is' : 'are'} only ${Math.max(0, size - 1)} other point${size === 2 ? '' : 's'}. ` +
        'Use a smaller k (or a smaller minimum cluster size) or add more data.'
    )
  }
}

export function checkQuery(query: Float32Array, dim: number): void {
  if (query.length !== dim) throw new SearchError(`The query has ${query.length} values, but the index holds ${dim}-dimensional points.`)
  for (let d = 0; d < dim; d++) {
    const x = query[d]!
    if (x - x !== 0) throw new SearchError(`The query has ${x} at position ${d}; every value must be a finite number.`)
  }
}

/**
 * "Within radius" is Math.sqrt(s) ≤ radius for the squared distance s summed in double precision
 * dimension by dimension. Comparing s with radius² instead would differ in the last bit now and
 * then; the band [lo, hi] around radius² holds the only sums where the two could disagree, and
 * only those take the square root.
 */
export interface RadiusTest {
  radius: number
  /** s ≤ lo is inside for certain. */
  lo: number
  /** s > hi is outside for certain; tree searches prune boxes beyond it. */
  hi: number
}

export function radiusTest(radius: number): RadiusTest {
  const r2 = radius * radius
  return { radius, lo: r2 * (1 - 1e-14), hi: r2 * (1 + 1e-14) }
}

export function inside(s: number, t: RadiusTest): boolean {
  return s <= t.lo || (s <= t.hi && Math.sqrt(s) <= t.radius)
}

/** The reference squared distance between rows a and b (offsets into `data`): a plain sequential sum. */
export function squaredDistance(data: Float32Array | Float64Array, a: number, b: number, cols: number): number {
  let s = 0
  for (let d = 0; d < cols; d++) {
    const t = data[a + d]! - data[b + d]!
    s += t * t
  }
  return s
}

/** Throws the signal's reason when it has been aborted. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason
}
