import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { fitPca, fitTransform, PcaError, transform, type PcaModel } from './pca'

interface PcaCase {
  label: string
  rows: number
  cols: number
  data: number[]
  k: number
  mean: number[]
  components: number[]
  explainedVariance: number[]
  explainedVarianceRatio: number[]
  totalVariance: number
  transformed: number[]
}

const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/pca.json', import.meta.url), 'utf8')) as { cases: PcaCase[] }

/** |actual − expected| ≤ rel·|expected| + abs, for every entry. */
function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, abs: number, what: string): void {
  expect(actual.length, what).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    const tol = rel * Math.abs(expected[i]!) + abs
    if (!(Math.abs(actual[i]! - expected[i]!) <= tol)) expect.fail(`${what}[${i}]: expected ${expected[i]}, got ${actual[i]}`)
  }
}

const maxAbs = (a: ArrayLike<number>): number => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0)

function randomMatrix(seed: number, rows: number, cols: number, scales?: number[]): { data: Float32Array; rows: number; cols: number } {
  const random = seededRandom(seed)
  const data = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = (random() - 0.5) * (scales?.[c] ?? 1 + c)
  return { data, rows, cols }
}

/** Gram matrix of the components: should be the identity. */
function worstOrthonormality(model: PcaModel): number {
  const d = model.mean.length
  const k = model.explainedVariance.length
  let worst = 0
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0
      for (let j = 0; j < d; j++) s += model.components[a * d + j]! * model.components[b * d + j]!
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)))
    }
  }
  return worst
}

describe('PCA against scikit-learn', () => {
  it('matches mean, components, variances and the projection for every fixture', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(7)
    for (const c of fixture.cases) {
      const matrix = { data: Float32Array.from(c.data), rows: c.rows, cols: c.cols }
      const model = fitPca(matrix, { components: c.k })
      const what = `${c.label} (k = ${c.k})`
      expectAllClose(model.mean, c.mean, 1e-12, 1e-12 * maxAbs(c.mean), `${what} mean`)
      expectAllClose(model.components, c.components, 0, 1e-7, `${what} components`)
      const top = c.explainedVariance[0]!
      expectAllClose(model.explainedVariance, c.explainedVariance, 1e-9, 1e-12 * top, `${what} explained variance`)
      expectAllClose(model.explainedVarianceRatio, c.explainedVarianceRatio, 1e-9, 1e-12, `${what} ratio`)
      expect(model.totalVariance).toBeCloseTo(c.totalVariance, 6)
      // Float32 output: relative 1e-5, and near-zero entries judged against the largest.
      expectAllClose(transform(model, matrix), c.transformed, 1e-5, 1e-6 * maxAbs(c.transformed), `${what} transform`)
    }
  })

  it('covers d > n and a zero-variance component among the fixtures', () => {
    expect(fixture.cases.some((c) => c.cols > c.rows)).toBe(true)
    expect(fixture.cases.some((c) => c.explainedVariance.at(-1)! < 1e-20)).toBe(true)
  })
})

describe('PCA properties', () => {
  it('has orthonormal components, descending variances summing to the total, and that sign convention', () => {
    const matrix = randomMatrix(11, 200, 30)
    const model = fitPca(matrix, { components: 30 })
    expect(worstOrthonormality(model)).toBeLessThan(1e-12)
    const ev = Array.from(model.explainedVariance)
    for (let i = 1; i < ev.length; i++) expect(ev[i]).toBeLessThanOrEqual(ev[i - 1]!)
    const sum = ev.reduce((a, b) => a + b, 0)
    expect(Math.abs(sum - model.totalVariance) / model.totalVariance).toBeLessThan(1e-12)
    expect(Math.abs(model.explainedVarianceRatio.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12)
    // Total variance is the sum of the column variances (ddof 1), computed here directly.
    let total = 0
    for (let c = 0; c < 30; c++) {
      const col = Array.from({ length: 200 }, (_, r) => matrix.data[r * 30 + c]!)
      const mean = col.reduce((a, b) => a + b, 0) / 200
      total += col.reduce((a, b) => a + (b - mean) ** 2, 0) / 199
    }
    expect(Math.abs(model.totalVariance - total) / total).toBeLessThan(1e-12)
    for (let i = 0; i < 30; i++) {
      const comp = Array.from(model.components.subarray(i * 30, (i + 1) * 30))
      const big = comp.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0)
      expect(big).toBeGreaterThan(0)
    }
  })

  it('projects onto axes whose variances are the explained variances, and each is an eigenvector', () => {
    const matrix = randomMatrix(12, 300, 40)
    const { model, data } = fitTransform(matrix, { components: 8 })
    for (let i = 0; i < 8; i++) {
      const col = Array.from({ length: 300 }, (_, r) => data[r * 8 + i]!)
      const mean = col.reduce((a, b) => a + b, 0) / 300
      expect(Math.abs(mean)).toBeLessThan(1e-4 * Math.sqrt(model.explainedVariance[i]!))
      const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / 299
      expect(Math.abs(variance - model.explainedVariance[i]!) / model.explainedVariance[i]!).toBeLessThan(1e-5)
    }
    // Residual of C v = λ v, with C v = Xcᵀ (Xc v) / (n − 1) from the data.
    const { mean, components } = model
    for (let i = 0; i < 8; i++) {
      const cv = new Float64Array(40)
      for (let r = 0; r < 300; r++) {
        let proj = 0
        for (let j = 0; j < 40; j++) proj += (matrix.data[r * 40 + j]! - mean[j]!) * components[i * 40 + j]!
        for (let j = 0; j < 40; j++) cv[j]! += ((matrix.data[r * 40 + j]! - mean[j]!) * proj) / 299
      }
      for (let j = 0; j < 40; j++) expect(Math.abs(cv[j]! - model.explainedVariance[i]! * components[i * 40 + j]!)).toBeLessThan(1e-10 * model.explainedVariance[0]!)
    }
  })

  it('agrees between the covariance route (d ≤ n) and the Gram route (d > n)', () => {
    // The same 24 points in 24 dimensions go the covariance way; with one column more, the Gram way.
    const base = randomMatrix(13, 24, 24)
    const wider = { data: new Float32Array(24 * 25), rows: 24, cols: 25 }
    for (let r = 0; r < 24; r++) wider.data.set(base.data.subarray(r * 24, (r + 1) * 24), r * 25)
    const a = fitPca(base, { components: 5 })
    const b = fitPca(wider, { components: 5 })
    expectAllClose(b.explainedVariance, a.explainedVariance, 1e-10, 0, 'variances')
    for (let i = 0; i < 5; i++) {
      expectAllClose(b.components.subarray(i * 25, i * 25 + 24), a.components.subarray(i * 24, (i + 1) * 24), 0, 1e-9, `component ${i}`)
      expect(Math.abs(b.components[i * 25 + 24]!)).toBeLessThan(1e-12) // the added column is all zeros
    }
  })

  it('completes an orthonormal basis when asked for components with no variance (k = n < d)', () => {
    const model = fitPca(randomMatrix(14, 6, 15), { components: 6 })
    expect(worstOrthonormality(model)).toBeLessThan(1e-10)
    // Centred, 6 points span at most 5 directions.
    expect(model.explainedVariance[5]).toBeLessThan(1e-12 * model.explainedVariance[0]!)
    expect(model.explainedVariance[4]).toBeGreaterThan(1e-3 * model.explainedVariance[0]!)
  })

  it('returns an orthonormal basis for repeated variances and for data with no variance', () => {
    // Four points ±e₀, ±e₁: the covariance is (2/3)·I, every direction is principal.
    const square = { data: Float32Array.from([1, 0, -1, 0, 0, 1, 0, -1]), rows: 4, cols: 2 }
    const model = fitPca(square, { components: 2 })
    expectAllClose(model.explainedVariance, [2 / 3, 2 / 3], 1e-12, 0, 'variances')
    expect(worstOrthonormality(model)).toBeLessThan(1e-12)
    const flat = fitPca({ data: new Float32Array(5 * 3).fill(7), rows: 5, cols: 3 }, { components: 3 })
    expect(Array.from(flat.explainedVariance)).toEqual([0, 0, 0])
    expect(Array.from(flat.explainedVarianceRatio)).toEqual([0, 0, 0])
    expect(worstOrthonormality(flat)).toBeLessThan(1e-12)
    expect(maxAbs(transform(flat, { data: new Float32Array(3).fill(7), rows: 1, cols: 3 }))).toBe(0)
  })

  it('is deterministic and leaves its input alone', () => {
    const matrix = randomMatrix(15, 80, 12)
    const copy = Float32Array.from(matrix.data)
    const a = fitTransform(matrix, { components: 4 })
    const b = fitTransform(matrix, { components: 4 })
    expect(Array.from(a.data)).toEqual(Array.from(b.data))
    expect(Array.from(a.model.components)).toEqual(Array.from(b.model.components))
    expect(Array.from(matrix.data)).toEqual(Array.from(copy))
  })
})

describe('PCA arguments, progress and cancelling', () => {
  const good = randomMatrix(16, 10, 4)

  it('explains what is wrong with the arguments', () => {
    expect(() => fitPca(good, { components: 0 })).toThrow(/whole number of components ≥ 1, not 0/)
    expect(() => fitPca(good, { components: 2.5 })).toThrow(PcaError)
    expect(() => fitPca(good, { components: 5 })).toThrow(/at most 4 components in 10 rows × 4 columns.*Ask for 4 or fewer/)
    expect(() => fitPca(randomMatrix(1, 3, 8), { components: 4 })).toThrow(/at most 3 components/)
    expect(() => fitPca(randomMatrix(1, 1, 4), { components: 1 })).toThrow('PCA needs at least 2 rows; this feature set has 1.')
    expect(() => fitPca({ data: new Float32Array(7), rows: 2, cols: 4 }, { components: 1 })).toThrow(/has 7 values, but 2 × 4 needs 8/)
    const bad = Float32Array.from(good.data)
    bad[2 * 4 + 3] = NaN
    expect(() => fitPca({ ...good, data: bad }, { components: 1 })).toThrow(/Row 2 has NaN in column 3/)
    bad[2 * 4 + 3] = 0
    bad[7 * 4] = -Infinity
    expect(() => fitPca({ ...good, data: bad }, { components: 1 })).toThrow(/Row 7 has -Infinity in column 0/)
    const model = fitPca(good, { components: 2 })
    expect(() => transform(model, randomMatrix(1, 3, 5))).toThrow(/fitted on 4 columns, but the matrix has 5/)
  })

  it('reports rising progress that ends at the total', () => {
    const calls: [number, number][] = []
    fitTransform(randomMatrix(17, 700, 10), { components: 3, onProgress: (done, total) => calls.push([done, total]) })
    expect(calls.length).toBeGreaterThan(3)
    const total = calls[0]![1]
    for (let i = 0; i < calls.length; i++) {
      expect(calls[i]![1]).toBe(total)
      if (i > 0) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0])
    }
    expect(calls.at(-1)![0]).toBe(total)
  })

  it('stops with the signal’s reason, before starting or between blocks', () => {
    const before = new AbortController()
    before.abort(new Error('stopped early'))
    expect(() => fitPca(good, { components: 1, signal: before.signal })).toThrow('stopped early')
    const during = new AbortController()
    let calls = 0
    const run = (): unknown =>
      fitPca(randomMatrix(18, 700, 10), {
        components: 2,
        signal: during.signal,
        onProgress: () => {
          calls++
          during.abort(new Error('stopped midway'))
        }
      })
    expect(run).toThrow('stopped midway')
    expect(calls).toBe(1)
  })
})
