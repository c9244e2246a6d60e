/** Argument checks shared by PCA and the post-processing steps built on it. */
import type { Matrix } from '../search/types'

export class PcaError extends Error {
  override name = 'PcaError'
}

/**
 * What is wrong with `matrix` as a feature matrix for `method`, or null: the wrong array type, a
 * shape that does not match the data, or a value that is not finite (named by row and column,
 * since one NaN would otherwise spread silently through every mean, variance and projection).
 */
export function matrixProblem(matrix: Matrix, method: string): string | null {
  const { data, rows, cols } = matrix
  if (!(data instanceof Float32Array)) return `${method} takes a Float32Array of features. Convert the vectors with Float32Array.from first.`
  if (!Number.isSafeInteger(rows) || rows < 0 || !Number.isSafeInteger(cols) || cols < 1) {
    return `The matrix shape ${rows} × ${cols} is not valid for ${method}; rows and cols must be whole numbers, with at least one column.`
  }
  if (data.length !== rows * cols) return `The matrix data has ${data.length} values, but ${rows} × ${cols} needs ${rows * cols}. Check rows and cols.`
  for (let p = 0; p < data.length; p++) {
    const x = data[p]!
    if (x - x !== 0) {
      const row = Math.floor(p / cols)
      return `Row ${row} has ${x} in column ${p - row * cols}. Remove or impute missing values before ${method}; every value must be a finite number.`
    }
  }
  return null
}

export function checkFeatureMatrix(matrix: Matrix, method: string): void {
  const problem = matrixProblem(matrix, method)
  if (problem !== null) throw new PcaError(problem)
}
