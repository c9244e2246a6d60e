/**
 * The per-column and per-row scalings, as scikit-learn defines them for float64 input: statistics
 * in Float64, output rounded to Float32. Each returns a new array; the input is not changed.
 */
import type { Matrix } from '../search/types'

const EPS = 2 ** -52

/**
 * StandardScaler: (x − mean) / std per column, std the population one (ddof 0). A column that is
 * constant (within the rounding bound scikit-learn's _is_constant_feature uses) is divided by 1
 * instead, so it becomes 0 rather than NaN.
 */
export function zscore({ data, rows, cols }: Matrix): Float32Array {
  const mean = new Float64Array(cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += data[r * cols + c]!
  for (let c = 0; c < cols; c++) mean[c]! /= rows
  // Two passes (mean, then squared deviations) rather than Σx² − n·mean², which cancels badly.
  const variance = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const t = data[r * cols + c]! - mean[c]!
      variance[c]! += t * t
    }
  }
  const scale = new Float64Array(cols)
  for (let c = 0; c < cols; c++) {
    const v = variance[c]! / rows
    const constant = v <= rows * EPS * v + (rows * mean[c]! * EPS) ** 2
    scale[c] = constant ? 1 : 1 / Math.sqrt(v)
  }
  return mapColumns(data, rows, cols, mean, scale)
}

/** MinMaxScaler to [0, 1]: (x − min) / (max − min) per column; a column with no range becomes 0. */
export function minmax({ data, rows, cols }: Matrix): Float32Array {
  const min = new Float64Array(cols).fill(Infinity)
  const max = new Float64Array(cols).fill(-Infinity)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = data[r * cols + c]!
      if (x < min[c]!) min[c] = x
      if (x > max[c]!) max[c] = x
    }
  }
  const scale = new Float64Array(cols)
  for (let c = 0; c < cols; c++) {
    const range = max[c]! - min[c]!
    // scikit-learn's _handle_zeros_in_scale: a range under 10ε counts as none.
    scale[c] = range < 10 * EPS ? 1 : 1 / range
  }
  return mapColumns(data, rows, cols, min, scale)
}

/** Normalizer('l2'): each row divided by its Euclidean length; a zero row stays zero. */
export function l2({ data, rows, cols }: Matrix): Float32Array {
  const out = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    let s = 0
    for (let c = 0; c < cols; c++) s += data[o + c]! * data[o + c]!
    const norm = Math.sqrt(s)
    const scale = norm < 10 * EPS ? 1 : 1 / norm
    for (let c = 0; c < cols; c++) out[o + c] = data[o + c]! * scale
  }
  return out
}

function mapColumns(data: Float32Array, rows: number, cols: number, shift: Float64Array, scale: Float64Array): Float32Array {
  const out = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    for (let c = 0; c < cols; c++) out[o + c] = (data[o + c]! - shift[c]!) * scale[c]!
  }
  return out
}
