/**
 * Seeded test data for the search and clustering tests: continuous points with some rows
 * repeated, and points on a small integer grid, where equal distances are everywhere.
 */
import { seededRandom } from '../random'
import type { Matrix } from './types'

export function gaussianWithDuplicates(seed: number, rows: number, cols: number, duplicates = Math.floor(rows / 10)): Matrix {
  const random = seededRandom(seed)
  const data = new Float32Array(rows * cols)
  for (let p = 0; p < data.length; p++) data[p] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  for (let t = 0; t < duplicates; t++) {
    const from = Math.floor(random() * rows)
    const to = Math.floor(random() * rows)
    data.copyWithin(to * cols, from * cols, from * cols + cols)
  }
  return { data, rows, cols }
}

export function integerGrid(seed: number, rows: number, cols: number, values = 4): Matrix {
  const random = seededRandom(seed)
  return { data: Float32Array.from({ length: rows * cols }, () => Math.floor(random() * values)), rows, cols }
}
