/**
 * Principal component analysis, as scikit-learn's PCA(n_components=k, svd_solver='full'):
 * components are the top-k eigenvectors of the sample covariance (ddof 1), explained variance its
 * eigenvalues, and transform projects centred rows onto the components (no whitening).
 *
 * Deliberate difference: an eigenvector's sign is arbitrary, and scikit-learn fixes it from U of
 * the SVD. We make each component's largest-|value| entry positive instead (the first such entry
 * when several tie within 1e-9), which needs only the component itself; the fixtures normalise
 * the reference the same way.
 *
 * Method: the d × d covariance (or, when d > n, the n × n Gram matrix; see pca-scatter.ts) in
 * Float64, then its top-k eigenpairs (symmetric-eigen.ts). Measured on seeded 10,000 × 784 data
 * (40 latent factors of falling scale plus uniform noise), 50 components, Node 20, CPU time of
 * one core on a busy 2-core machine:
 *   scatter matrix 1.75 s, top-50 eigenpairs 0.6 s, transform 0.4 s: fit + transform ≈ 2.8 s.
 * The eigen step, other ways: ml-matrix's EigenvalueDecomposition (all p vectors) 6.1 s;
 * subspace iteration with Rayleigh–Ritz on 60 vectors took 432 iterations to reach 1e-10 (the
 * noise eigenvalues after the 40th are close together, so it converges slowly) and 52 s. For
 * reference, ml-pca 4.1.1 (covariance method, arrays of arrays) took 79 s for the whole fit.
 */
import type { LongWork, Matrix } from '../search/types'
import { columnMeans, gram, panels, scatter, type ScatterWork } from './pca-scatter'
import { topEigenpairs } from './symmetric-eigen'
import { completeBasis, fixSigns, orthonormalise } from './pca-basis'
import { checkFeatureMatrix, PcaError } from './pca-checks'

export { PcaError }

export interface PcaModel {
  /** Column means, length d. */
  mean: Float64Array
  /** k × d row-major, orthonormal rows, in descending explained variance. */
  components: Float64Array
  /** Variance along each component (ddof 1), length k, descending. */
  explainedVariance: Float64Array
  /** explainedVariance / totalVariance (0 when the data has no variance at all). */
  explainedVarianceRatio: Float64Array
  /** Sum of the column variances (ddof 1): the explained variance of all min(n, d) components. */
  totalVariance: number
}

export interface PcaOptions extends LongWork {
  /** k: how many components to keep, 1 ≤ k ≤ min(rows, cols). */
  components: number
}

const TRANSFORM_BLOCK = 256

/** Fits PCA to the rows of `matrix`. */
export function fitPca(matrix: Matrix, options: PcaOptions): PcaModel {
  const { rows, cols } = matrix
  checkFeatureMatrix(matrix, 'PCA')
  if (rows < 2) throw new PcaError(`PCA needs at least 2 rows; this feature set has ${rows}. Add more items before reducing.`)
  const k = checkComponents(options.components, rows, cols)
  const total = fitSteps(rows, cols)
  const work: ScatterWork = {
    step: (done) => {
      options.signal?.throwIfAborted()
      options.onProgress?.(done, total)
    }
  }
  options.signal?.throwIfAborted()
  const mean = columnMeans(matrix)
  const { values, components, trace } = cols <= rows ? fromScatter(matrix, mean, k, work, options.signal) : fromGram(matrix, mean, k, work, options.signal)
  fixSigns(components, k, cols)
  const totalVariance = trace / (rows - 1)
  const explainedVariance = new Float64Array(k)
  const explainedVarianceRatio = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    // Rounding can leave a zero eigenvalue slightly negative; a variance cannot be.
    explainedVariance[i] = Math.max(0, values[i]! / (rows - 1))
    explainedVarianceRatio[i] = totalVariance > 0 ? explainedVariance[i]! / totalVariance : 0
  }
  options.onProgress?.(total, total)
  return { mean, components, explainedVariance, explainedVarianceRatio, totalVariance }
}

/** Projects the rows of `matrix` (with the fitted d columns) onto the model's components: n × k. */
export function transform(model: PcaModel, matrix: Matrix, work: LongWork = {}): Float32Array {
  const { data, rows, cols } = matrix
  const d = model.mean.length
  const k = model.explainedVariance.length
  checkFeatureMatrix(matrix, 'PCA')
  if (cols !== d) throw new PcaError(`This PCA was fitted on ${d} columns, but the matrix has ${cols}. Transform features of the same kind it was fitted on.`)
  const { mean, components } = model
  const out = new Float32Array(rows * k)
  const x = new Float64Array(d)
  const total = panelsOfRows(rows)
  for (let r0 = 0; r0 < rows; r0 += TRANSFORM_BLOCK) {
    work.signal?.throwIfAborted()
    for (let r = r0; r < Math.min(rows, r0 + TRANSFORM_BLOCK); r++) {
      for (let j = 0; j < d; j++) x[j] = data[r * d + j]! - mean[j]!
      project(x, components, k, out, r * k)
    }
    work.onProgress?.(r0 / TRANSFORM_BLOCK + 1, total)
  }
  return out
}

/**
 * out[o + c] = x · component c. Four components at a time: one load of x feeds four independent
 * sums, which also keeps the additions from waiting on each other.
 */
function project(x: Float64Array, components: Float64Array, k: number, out: Float32Array, o: number): void {
  const d = x.length
  let c = 0
  for (; c + 4 <= k; c += 4) {
    const c0 = c * d, c1 = c0 + d, c2 = c1 + d, c3 = c2 + d
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0
    for (let j = 0; j < d; j++) {
      const xj = x[j]!
      s0 += xj * components[c0 + j]!
      s1 += xj * components[c1 + j]!
      s2 += xj * components[c2 + j]!
      s3 += xj * components[c3 + j]!
    }
    out[o + c] = s0
    out[o + c + 1] = s1
    out[o + c + 2] = s2
    out[o + c + 3] = s3
  }
  for (; c < k; c++) {
    let s = 0
    for (let j = 0, cj = c * d; j < d; j++) s += x[j]! * components[cj + j]!
    out[o + c] = s
  }
}

/** fitPca then transform on the same rows, with one progress count across both. */
export function fitTransform(matrix: Matrix, options: PcaOptions): { model: PcaModel; data: Float32Array } {
  const fit = fitSteps(matrix.rows, matrix.cols)
  const total = fit + panelsOfRows(matrix.rows)
  const onProgress = options.onProgress
  const model = fitPca(matrix, { ...options, onProgress: onProgress && ((done) => onProgress(done, total)) })
  const data = transform(model, matrix, { signal: options.signal, onProgress: onProgress && ((done) => onProgress(fit + done, total)) })
  return { model, data }
}

/** The k checked against the shape: a whole number from 1 to min(rows, cols). */
export function checkComponents(k: number, rows: number, cols: number): number {
  if (!Number.isInteger(k) || k < 1) throw new PcaError(`PCA needs a whole number of components ≥ 1, not ${k}.`)
  const most = Math.min(rows, cols)
  if (k > most) {
    throw new PcaError(
      `PCA can find at most ${most} components in ${rows} rows × ${cols} columns (the smaller of the two), but ${k} were asked for. Ask for ${most} or fewer.`
    )
  }
  return k
}

/** Progress steps of fitPca: one a scatter panel, one for the eigenpairs. */
function fitSteps(rows: number, cols: number): number {
  return panels(cols <= rows ? rows : cols) + 1
}

function panelsOfRows(rows: number): number {
  return Math.ceil(rows / TRANSFORM_BLOCK)
}

interface Fitted {
  values: Float64Array
  components: Float64Array
  /** Trace of the product matrix: the total sum of squares about the mean. */
  trace: number
}

function fromScatter(matrix: Matrix, mean: Float64Array, k: number, work: ScatterWork, signal?: AbortSignal): Fitted {
  const d = matrix.cols
  const s = scatter(matrix, mean, work)
  let trace = 0
  for (let i = 0; i < d; i++) trace += s[i * d + i]!
  const { values, vectors } = topEigenpairs(s, d, k, signal)
  return { values, components: vectors, trace }
}

/**
 * When d > n the n × n Gram matrix Xc Xcᵀ has the covariance's non-zero eigenvalues (times n − 1),
 * and an eigenvector u gives the component Xcᵀu / ‖Xcᵀu‖. Centred data has rank < n, so the last
 * component(s) can have no variance at all; those get any orthonormal completion, as in the SVD.
 */
function fromGram(matrix: Matrix, mean: Float64Array, k: number, work: ScatterWork, signal?: AbortSignal): Fitted {
  const { data, rows: n, cols: d } = matrix
  const g = gram(matrix, mean, work)
  let trace = 0
  for (let i = 0; i < n; i++) trace += g[i * n + i]!
  const { values, vectors } = topEigenpairs(g, n, k, signal)
  const components = new Float64Array(k * d)
  const x = new Float64Array(d)
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) x[j] = data[r * d + j]! - mean[j]!
    for (let i = 0; i < k; i++) {
      const u = vectors[i * n + r]!
      const o = i * d
      for (let j = 0; j < d; j++) components[o + j]! += u * x[j]!
    }
  }
  const degenerate = (i: number): boolean => !(values[i]! > n * 2 ** -52 * values[0]!)
  const kept = orthonormalise(components, k, d, degenerate)
  completeBasis(components, k, d, kept)
  return { values, components, trace }
}
