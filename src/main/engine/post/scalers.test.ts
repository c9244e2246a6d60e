import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { l2, minmax, zscore } from './scalers'

const m = (rows: number[][]): { data: Float32Array; rows: number; cols: number } => ({
  data: Float32Array.from(rows.flat()),
  rows: rows.length,
  cols: rows[0]!.length
})

function column(data: Float32Array, rows: number, cols: number, c: number): number[] {
  return Array.from({ length: rows }, (_, r) => data[r * cols + c]!)
}

describe('scalers, by hand', () => {
  it('zscore divides by the population std and sends a constant column to 0', () => {
    // Column 0: mean 2, population variance 2/3; column 1 constant.
    const out = zscore(m([[1, 5], [2, 5], [3, 5]]))
    const s = Math.sqrt(2 / 3)
    expect(Array.from(out)).toEqual([-1 / s, 0, 0, 0, 1 / s, 0].map(Math.fround))
  })

  it('minmax maps each column onto [0, 1] and a constant column to 0', () => {
    const out = minmax(m([[-2, 7, 1], [0, 7, 4], [2, 7, 2]]))
    expect(Array.from(out)).toEqual([0, 0, 0, 0.5, 0, 1, 1, 0, 1 / 3].map(Math.fround))
  })

  it('l2 gives each row unit length and leaves a zero row at zero', () => {
    const out = l2(m([[3, 4], [0, 0], [0, -2]]))
    expect(Array.from(out)).toEqual([0.6, 0.8, 0, 0, 0, -1].map(Math.fround))
  })

  it('never changes its input', () => {
    const input = m([[1, 2], [3, 5]])
    for (const f of [zscore, minmax, l2]) {
      const out = f(input)
      expect(out).not.toBe(input.data)
      expect(Array.from(input.data)).toEqual([1, 2, 3, 5])
    }
  })
})

describe('scalers, properties on seeded data', () => {
  const random = seededRandom(21)
  const rows = 60
  const cols = 7
  const data = Float32Array.from({ length: rows * cols }, (_, i) => 100 * (i % cols) + (random() - 0.3) * (1 + (i % cols)))
  const matrix = { data, rows, cols }

  it('zscore columns have mean 0 and population std 1', () => {
    const out = zscore(matrix)
    for (let c = 0; c < cols; c++) {
      const x = column(out, rows, cols, c)
      const mean = x.reduce((a, b) => a + b, 0) / rows
      const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / rows
      expect(Math.abs(mean)).toBeLessThan(1e-6)
      expect(Math.abs(variance - 1)).toBeLessThan(1e-6)
    }
  })

  it('minmax columns span exactly [0, 1]', () => {
    const out = minmax(matrix)
    for (let c = 0; c < cols; c++) {
      const x = column(out, rows, cols, c)
      expect(Math.min(...x)).toBe(0)
      expect(Math.max(...x)).toBe(1)
    }
  })

  it('l2 rows have length 1', () => {
    const out = l2(matrix)
    for (let r = 0; r < rows; r++) {
      let s = 0
      for (let c = 0; c < cols; c++) s += out[r * cols + c]! ** 2
      expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-6)
    }
  })
})
