/**
 * Input checks for hdbscan(): a bad call fails before any work with a message that says what to
 * change, never with NaN labels or a hang.
 */
import type { HdbscanMatrix, HdbscanOptions } from './hdbscan'

export class HdbscanError extends Error {
  override name = 'HdbscanError'
}

export interface CheckedOptions {
  minClusterSize: number
  minSamples: number
  selection: 'eom' | 'leaf'
  allowSingleCluster: boolean
}

export function checkHdbscanInput(matrix: HdbscanMatrix, options: HdbscanOptions): CheckedOptions {
  const { data, rows, cols } = matrix
  if (!(data instanceof Float32Array)) {
    throw new HdbscanError('HDBSCAN: the matrix data is not a Float32Array. Convert it with Float32Array.from(...).')
  }
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new HdbscanError(`HDBSCAN: rows and cols must be whole numbers ≥ 0 (got ${rows} × ${cols}).`)
  }
  if (rows === 0 || cols === 0) {
    throw new HdbscanError(`HDBSCAN: the matrix is empty (${rows} × ${cols}). Extract features for at least two items first.`)
  }
  if (data.length !== rows * cols) {
    throw new HdbscanError(`HDBSCAN: the data holds ${data.length} values, not rows × cols = ${rows * cols}. Pass the matching shape.`)
  }
  const minClusterSize = options.minClusterSize
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2) {
    throw new HdbscanError(`HDBSCAN: minClusterSize must be a whole number ≥ 2 (got ${minClusterSize}). A cluster needs at least two rows.`)
  }
  if (minClusterSize > rows) {
    throw new HdbscanError(`HDBSCAN: minClusterSize ${minClusterSize} is more than the ${rows} rows. Lower it to at most ${rows}, or cluster more rows.`)
  }
  const minSamples = options.minSamples ?? minClusterSize
  if (!Number.isInteger(minSamples) || minSamples < 1 || minSamples > rows) {
    throw new HdbscanError(`HDBSCAN: minSamples must be a whole number from 1 to the ${rows} rows (got ${minSamples}). Leave it out to use minClusterSize.`)
  }
  const selection = options.clusterSelection ?? 'eom'
  if (selection !== 'eom' && selection !== 'leaf') {
    throw new HdbscanError(`HDBSCAN: clusterSelection must be 'eom' or 'leaf' (got ${String(selection)}).`)
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      const row = Math.floor(i / cols)
      throw new HdbscanError(`HDBSCAN: row ${row}, column ${i - row * cols} is ${data[i]}. Remove or impute rows with missing values before clustering.`)
    }
  }
  const core = options.coreDistances
  if (core !== undefined) {
    if (!(core instanceof Float32Array || core instanceof Float64Array) || core.length !== rows) {
      throw new HdbscanError(`HDBSCAN: coreDistances must be a Float32Array or Float64Array with one value per row (${rows}). Leave it out to compute them here.`)
    }
    for (let i = 0; i < rows; i++) {
      if (!(core[i]! >= 0) || core[i] === Infinity) {
        throw new HdbscanError(`HDBSCAN: core distance ${i} is ${core[i]}. Core distances must be finite and ≥ 0.`)
      }
    }
  }
  return { minClusterSize, minSamples, selection, allowSingleCluster: options.allowSingleCluster ?? false }
}
