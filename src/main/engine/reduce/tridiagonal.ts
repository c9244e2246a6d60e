/**
 * Householder reduction of a symmetric matrix to tridiagonal form, A = Q T Qᵀ, and the product
 * Q z that carries an eigenvector of T back to one of A (Golub & Van Loan, §8.3.1).
 *
 * Only the reflectors are kept, never Q itself: PCA wants a few eigenvectors of a large matrix,
 * and applying p − 2 reflectors to each costs 2p² against the (4/3)p³ that forming Q would. The
 * updates touch the upper triangle only, which halves the work of the p matrix–vector products
 * and rank-2 updates that dominate.
 */

export interface Tridiagonal {
  /** Diagonal of T, length p. */
  diag: Float64Array
  /** Off-diagonal: off[i] couples i and i + 1; off[p − 1] is 0. */
  off: Float64Array
  /** Reflector k is I − tau[k]·v vᵀ on indices k + 1 …, with v stored in row k of `reflectors`. */
  reflectors: Float64Array
  tau: Float64Array
  size: number
}

/** Reduces `a` (p × p, row-major, symmetric; overwritten) to tridiagonal form. */
export function tridiagonalise(a: Float64Array, p: number, signal?: AbortSignal): Tridiagonal {
  const diag = new Float64Array(p)
  const off = new Float64Array(p)
  const tau = new Float64Array(p)
  const w = new Float64Array(p)
  for (let k = 0; k < p; k++) {
    if ((k & 31) === 31) signal?.throwIfAborted()
    diag[k] = a[k * p + k]!
    if (k >= p - 1) break
    // x = A[k + 1 …, k], read from row k since A is symmetric; v overwrites it in place.
    const v0 = k * p + k + 1
    const x0 = a[v0]!
    let norm2 = 0
    for (let i = v0; i < k * p + p; i++) norm2 += a[i]! * a[i]!
    if (norm2 === x0 * x0) {
      off[k] = x0 // already tridiagonal in this column: no reflection
      continue
    }
    const norm = Math.sqrt(norm2)
    const alpha = x0 >= 0 ? -norm : norm
    a[v0] = x0 - alpha
    const t = 1 / (norm * (norm + Math.abs(x0))) // 2 / vᵀv
    off[k] = alpha
    tau[k] = t
    applyReflector(a, p, k + 1, v0, t, w)
  }
  return { diag, off, reflectors: a, tau, size: p }
}

/**
 * B ← H B H for the trailing block B = A[s …, s …] and H = I − t·v vᵀ, v = a[v0 …]: with
 * w = t·B v − (t²/2)(vᵀB v)·v this is B − v wᵀ − w vᵀ (upper triangle only).
 */
function applyReflector(a: Float64Array, p: number, s: number, v0: number, t: number, w: Float64Array): void {
  w.fill(0, s, p)
  for (let i = s; i < p; i++) {
    const vi = a[v0 + i - s]!
    const row = i * p
    let sum = a[row + i]! * vi
    for (let j = i + 1; j < p; j++) {
      const bij = a[row + j]!
      sum += bij * a[v0 + j - s]!
      w[j]! += bij * vi
    }
    w[i]! += sum
  }
  let vw = 0
  for (let i = s; i < p; i++) {
    w[i]! *= t
    vw += a[v0 + i - s]! * w[i]!
  }
  const half = (t / 2) * vw
  for (let i = s; i < p; i++) w[i]! -= half * a[v0 + i - s]!
  for (let i = s; i < p; i++) {
    const vi = a[v0 + i - s]!
    const wi = w[i]!
    const row = i * p
    for (let j = i; j < p; j++) a[row + j]! -= vi * w[j]! + wi * a[v0 + j - s]!
  }
}

/** z ← Q z: the reflectors applied last to first, so an eigenvector of T becomes one of A. */
export function backTransform(t: Tridiagonal, z: Float64Array): void {
  const { reflectors, tau, size: p } = t
  for (let k = p - 2; k >= 0; k--) {
    const tk = tau[k]!
    if (tk === 0) continue
    const v0 = k * p + k + 1
    let dot = 0
    for (let i = k + 1; i < p; i++) dot += reflectors[v0 + i - k - 1]! * z[i]!
    dot *= tk
    for (let i = k + 1; i < p; i++) z[i]! -= dot * reflectors[v0 + i - k - 1]!
  }
}
