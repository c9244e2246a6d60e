/**
 * Small generated data for the neural tests: clustered vectors and images with a seeded generator,
 * so every test sees the same numbers and runs in seconds on the JS CPU backend.
 */
import { seededRandom } from '../random'
import type { ImageData, MatrixData } from './autoencoder-data'

/** `rows` vectors around `groups` random centres. */
export function clusteredMatrix(rows: number, cols: number, groups: number, seed: number): MatrixData {
  const random = seededRandom(seed)
  const centres = Array.from({ length: groups }, () => Array.from({ length: cols }, () => random()))
  const matrix = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    const centre = centres[r % groups]!
    for (let c = 0; c < cols; c++) matrix[r * cols + c] = centre[c]! + 0.05 * (random() - 0.5)
  }
  return { matrix, rows, cols }
}

/** Images of a bright square whose corner depends on the group, plus noise. */
export function squareImages(rows: number, side: number, channels: number, seed: number): ImageData {
  const random = seededRandom(seed)
  const data = new Float32Array(rows * side * side * channels)
  const half = side >> 1
  for (let r = 0; r < rows; r++) {
    const [oy, ox] = [(r % 2) * half, ((r >> 1) % 2) * half]
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const inside = y >= oy && y < oy + half && x >= ox && x < ox + half
        for (let c = 0; c < channels; c++) data[((r * side + y) * side + x) * channels + c] = (inside ? 0.9 : 0.1) + 0.05 * random()
      }
    }
  }
  return { data, rows, height: side, width: side, channels }
}

export const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i)
