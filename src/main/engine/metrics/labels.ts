/**
 * Label bookkeeping shared by the metrics: input checks, and turning arbitrary integer labels into
 * dense cluster indices 0..k−1 in ascending label order (scikit-learn's LabelEncoder).
 */
import { type Matrix, MetricsError, NOISE } from './types'

/** The distinct values, ascending (so −1, when present, comes first). */
export function distinct(values: Int32Array): number[] {
  const sorted = Int32Array.from(values).sort()
  const out: number[] = []
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]!)
  return out
}

/** For each value, its index in `keys`. */
export function encode(values: Int32Array, keys: readonly number[]): Int32Array {
  const index = new Map(keys.map((k, i) => [k, i]))
  return values.map((v) => index.get(v)!)
}

/** The points an internal metric looks at, with their cluster index. */
export interface Clustering {
  /** Matrix rows, ascending. */
  rows: Int32Array
  /** Cluster index of each of those rows. */
  codes: Int32Array
  /** Label of each cluster index, ascending. */
  clusters: number[]
  /** Points in each cluster. */
  sizes: Int32Array
}

/** Rows whose label is not noise. */
export function clusteredRows(labels: Int32Array): Int32Array {
  let count = 0
  for (const l of labels) if (l !== NOISE) count++
  const rows = new Int32Array(count)
  for (let i = 0, j = 0; i < labels.length; i++) if (labels[i] !== NOISE) rows[j++] = i
  return rows
}

export function encodeClusters(labels: Int32Array, rows: Int32Array): Clustering {
  const mine = rows.map((r) => labels[r]!)
  const clusters = distinct(mine)
  const codes = encode(mine, clusters)
  const sizes = new Int32Array(clusters.length)
  for (const c of codes) sizes[c]!++
  return { rows, codes, clusters, sizes }
}

/**
 * Why an internal metric cannot score these clusters, or null when it can. scikit-learn asks for
 * 2 ≤ clusters ≤ points − 1: with one cluster there is nothing to separate, and with every point
 * alone there is no cohesion to measure.
 */
export function internalProblem(metric: string, clusters: number, points: number, noise: number): string | null {
  if (clusters < 2) {
    const besides = noise > 0 ? ` besides the ${noise} noise points` : ''
    return (
      `${metric} needs at least 2 clusters${besides}; these labels have ${clusters}. ` +
      'Cluster with settings that split the data into more groups, or compare against known groups instead.'
    )
  }
  if (clusters >= points) {
    return (
      `${metric} needs a cluster with at least 2 points; each of the ${points} clustered points is alone in its cluster. ` +
      'Cluster with settings that put similar points together.'
    )
  }
  return null
}

/** Throws unless the matrix and labels fit together and hold only finite values and valid labels. */
export function checkPoints(metric: string, matrix: Matrix, labels: Int32Array): void {
  const { data, rows, cols } = matrix
  if (data.length !== rows * cols || cols < 1) {
    throw new MetricsError(`${metric}: the matrix holds ${data.length} values, not ${rows} rows × ${cols} columns. Pass the feature matrix the labels were computed from.`)
  }
  if (labels.length !== rows) {
    throw new MetricsError(`${metric}: there are ${labels.length} labels for ${rows} points. Pass one label per matrix row.`)
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! < NOISE) {
      throw new MetricsError(`${metric}: label ${labels[i]} at row ${i}; labels are cluster numbers from 0, or −1 for noise. Relabel the points first.`)
    }
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new MetricsError(
        `${metric}: the matrix has ${data[i]} at row ${Math.floor(i / cols)}, column ${i % cols}. ` +
          'Recompute the features, or drop rows with missing values before measuring cluster quality.'
      )
    }
  }
}
