/**
 * Seeded clustered data for the approximate-search tests: Gaussian clusters around random
 * centres, the structure real features have and uniform noise lacks.
 */
import { gaussian } from './ann-kernel'
import { seededRandom } from '../random'
import type { Matrix } from './types'

export function clusteredPoints(seed: number, rows: number, cols: number, clusters = 20, spread = 0.35): Matrix {
  const random = seededRandom(seed)
  const centres = Float32Array.from({ length: clusters * cols }, () => 3 * gaussian(random))
  const data = new Float32Array(rows * cols)
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(random() * clusters)
    for (let d = 0; d < cols; d++) data[i * cols + d] = centres[c * cols + d]! + spread * gaussian(random)
  }
  return { data, rows, cols }
}
