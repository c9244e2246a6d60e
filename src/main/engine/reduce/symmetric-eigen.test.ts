import { EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { topEigenpairs, tridiagonalEigenvalues } from './symmetric-eigen'

function randomSymmetric(seed: number, p: number): Float64Array {
  const random = seededRandom(seed)
  const a = new Float64Array(p * p)
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const v = random() - 0.5
      a[i * p + j] = v
      a[j * p + i] = v
    }
  }
  return a
}

/** Largest |A v − λ v| and largest |vᵢ·vⱼ − δᵢⱼ| over the returned pairs. */
function quality(a: Float64Array, p: number, k: number, values: Float64Array, vectors: Float64Array): { residual: number; orthogonality: number } {
  let residual = 0
  let orthogonality = 0
  for (let i = 0; i < k; i++) {
    for (let r = 0; r < p; r++) {
      let s = 0
      for (let j = 0; j < p; j++) s += a[r * p + j]! * vectors[i * p + j]!
      residual = Math.max(residual, Math.abs(s - values[i]! * vectors[i * p + r]!))
    }
    for (let l = 0; l < k; l++) {
      let s = 0
      for (let j = 0; j < p; j++) s += vectors[l * p + j]! * vectors[i * p + j]!
      orthogonality = Math.max(orthogonality, Math.abs(s - (l === i ? 1 : 0)))
    }
  }
  return { residual, orthogonality }
}

describe('top eigenpairs of a symmetric matrix', () => {
  it('matches ml-matrix’s eigenvalues and gives orthonormal eigenvectors', () => {
    for (const p of [1, 2, 3, 7, 40, 97]) {
      const a = randomSymmetric(p, p)
      const reference = new EigenvalueDecomposition(new Matrix(Array.from({ length: p }, (_, i) => Array.from(a.subarray(i * p, (i + 1) * p)))), {
        assumeSymmetric: true
      })
      const expected = Float64Array.from(reference.realEigenvalues).sort().reverse()
      const k = Math.min(p, 10)
      const { values, vectors } = topEigenpairs(Float64Array.from(a), p, k)
      for (let i = 0; i < p; i++) expect(Math.abs(values[i]! - expected[i]!)).toBeLessThan(1e-13 * p)
      const q = quality(a, p, k, values, vectors)
      expect(q.residual).toBeLessThan(1e-13 * p)
      expect(q.orthogonality).toBeLessThan(1e-13 * p)
    }
  })

  it('finds an orthonormal basis of a repeated eigenvalue, rotated off the axes', () => {
    // Q diag(3, 3, 3, 1, 1, 0) Qᵀ with Q a Householder reflection: an eigenspace of dimension 3.
    const p = 6
    const random = seededRandom(7)
    const v = Float64Array.from({ length: p }, () => random() - 0.5)
    const vv = v.reduce((s, x) => s + x * x, 0)
    const q = (i: number, j: number): number => (i === j ? 1 : 0) - (2 * v[i]! * v[j]!) / vv
    const lambda = [3, 3, 3, 1, 1, 0]
    const a = new Float64Array(p * p)
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) for (let t = 0; t < p; t++) a[i * p + j]! += q(i, t) * lambda[t]! * q(j, t)
    const { values, vectors } = topEigenpairs(Float64Array.from(a), p, p)
    for (let i = 0; i < p; i++) expect(values[i]).toBeCloseTo(lambda[i]!, 13)
    const quality6 = quality(a, p, p, values, vectors)
    expect(quality6.residual).toBeLessThan(1e-13)
    expect(quality6.orthogonality).toBeLessThan(1e-13)
  })

  it('handles the zero matrix and an already diagonal one', () => {
    const zero = topEigenpairs(new Float64Array(16), 4, 4)
    expect(Array.from(zero.values)).toEqual([0, 0, 0, 0])
    expect(quality(new Float64Array(16), 4, 4, zero.values, zero.vectors).orthogonality).toBeLessThan(1e-15)
    const diagonal = Float64Array.from([1, 0, 0, 0, 5, 0, 0, 0, 3])
    const { values, vectors } = topEigenpairs(Float64Array.from(diagonal), 3, 2)
    expect(Array.from(values)).toEqual([5, 3, 1])
    expect(Math.abs(vectors[1]!)).toBeCloseTo(1, 15)
    expect(Math.abs(vectors[3 + 2]!)).toBeCloseTo(1, 15)
  })
})

describe('tridiagonal eigenvalues by QL', () => {
  it('gives 2 − 2cos(jπ/(n+1)) for the path Laplacian', () => {
    const n = 50
    const values = tridiagonalEigenvalues(new Float64Array(n).fill(2), new Float64Array(n).fill(-1)).sort()
    for (let j = 1; j <= n; j++) expect(values[j - 1]).toBeCloseTo(2 - 2 * Math.cos((j * Math.PI) / (n + 1)), 13)
  })
})
