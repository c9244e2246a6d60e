/**
 * The largest k eigenvalues and eigenvectors of a symmetric matrix: Householder tridiagonalisation,
 * all eigenvalues of the tridiagonal by implicit QL (no vectors: O(p²)), then only the k wanted
 * eigenvectors by inverse iteration on the tridiagonal (O(p) a solve), carried back by the
 * reflectors. This is LAPACK's dsyevx route (dsytrd, dsterf, dstein, dormtr) rather than JAMA's
 * tred2/tql2 (ml-matrix), which rotates the full p × p eigenvector matrix and was 10× slower here.
 */
import { seededRandom } from '../random'
import { backTransform, tridiagonalise } from './tridiagonal'

const EPS = 2 ** -52
/** Eigenvalues closer than this fraction of ‖T‖ share a cluster whose vectors are re-orthogonalised (dstein's ORTOL). */
const CLUSTER = 1e-3
/** Inverse-iteration solves per vector: with an eigenvalue good to ε‖T‖ one solve converges; three leave margin. */
const SOLVES = 3

export interface Eigenpairs {
  /** All p eigenvalues, descending. */
  values: Float64Array
  /** The first k eigenvectors, k × p row-major, unit length, orthogonal. */
  vectors: Float64Array
}

/** The top k eigenpairs of `a` (p × p, row-major, symmetric; overwritten). */
export function topEigenpairs(a: Float64Array, p: number, k: number, signal?: AbortSignal): Eigenpairs {
  const t = tridiagonalise(a, p, signal)
  signal?.throwIfAborted()
  const values = tridiagonalEigenvalues(t.diag, t.off).sort().reverse()
  let norm = 0
  for (let i = 0; i < p; i++) norm = Math.max(norm, Math.abs(t.diag[i]!) + Math.abs(t.off[i]!) + (i > 0 ? Math.abs(t.off[i - 1]!) : 0))
  const vectors = new Float64Array(k * p)
  const random = seededRandom(0x5ca1ab1e)
  const lu = new TridiagonalLu(p)
  let clusterStart = 0
  for (let i = 0; i < k; i++) {
    if (i > 0 && values[i - 1]! - values[i]! > CLUSTER * norm) clusterStart = i
    const z = vectors.subarray(i * p, (i + 1) * p)
    for (let j = 0; j < p; j++) z[j] = random() - 0.5
    lu.factor(t.diag, t.off, values[i]!, (norm > 0 ? norm : 1) * EPS)
    for (let s = 0; s < SOLVES; s++) {
      lu.solve(z)
      for (let c = clusterStart; c < i; c++) subtractProjection(z, vectors.subarray(c * p, (c + 1) * p))
      normalise(z)
    }
  }
  for (let i = 0; i < k; i++) backTransform(t, vectors.subarray(i * p, (i + 1) * p))
  return { values, vectors }
}

/**
 * Eigenvalues of the symmetric tridiagonal (diag, off) by implicit QL with Wilkinson shifts: JAMA's
 * tql2 (from EISPACK) without the eigenvector updates. Inputs are copied, not changed.
 */
export function tridiagonalEigenvalues(diag: Float64Array, off: Float64Array): Float64Array {
  const n = diag.length
  const d = Float64Array.from(diag)
  const e = Float64Array.from(off)
  e[n - 1] = 0
  let f = 0
  let tst1 = 0
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!))
    let m = l
    while (m < n - 1 && Math.abs(e[m]!) > EPS * tst1) m++
    for (let iter = 0; m > l; iter++) {
      if (iter > 60) throw new Error('The eigenvalue iteration did not converge. Check the data for extreme values (above about 1e150).')
      let g = d[l]!
      let q = (d[l + 1]! - g) / (2 * e[l]!)
      let r = Math.hypot(q, 1)
      if (q < 0) r = -r
      d[l] = e[l]! / (q + r)
      d[l + 1] = e[l]! * (q + r)
      const dl1 = d[l + 1]!
      let h = g - d[l]!
      for (let i = l + 2; i < n; i++) d[i]! -= h
      f += h
      q = d[m]!
      let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0
      const el1 = e[l + 1]!
      for (let i = m - 1; i >= l; i--) {
        c3 = c2
        c2 = c
        s2 = s
        g = c * e[i]!
        h = c * q
        r = Math.hypot(q, e[i]!)
        e[i + 1] = s * r
        s = e[i]! / r
        c = q / r
        q = c * d[i]! - s * g
        d[i + 1] = h + s * (c * g + s * d[i]!)
      }
      q = (-s * s2 * c3 * el1 * e[l]!) / dl1
      e[l] = s * q
      d[l] = c * q
      if (!(Math.abs(e[l]!) > EPS * tst1)) break
    }
    d[l]! += f
    e[l] = 0
  }
  return d
}

/** LU with partial pivoting of T − λI (LAPACK's dlagtf): U has three diagonals. */
class TridiagonalLu {
  private readonly u0: Float64Array
  private readonly u1: Float64Array
  private readonly u2: Float64Array
  private readonly mult: Float64Array
  private readonly swap: Uint8Array

  constructor(private readonly n: number) {
    this.u0 = new Float64Array(n)
    this.u1 = new Float64Array(n)
    this.u2 = new Float64Array(n)
    this.mult = new Float64Array(n)
    this.swap = new Uint8Array(n)
  }

  /** A zero pivot becomes ±tiny: T − λI is singular by design, and the solve must still grow along the eigenvector. */
  factor(diag: Float64Array, off: Float64Array, lambda: number, tiny: number): void {
    const { n, u0, u1, u2, mult, swap } = this
    const nonzero = (x: number): number => (Math.abs(x) < tiny ? (x < 0 ? -tiny : tiny) : x)
    let a = diag[0]! - lambda
    let b = n > 1 ? off[0]! : 0
    for (let i = 0; i < n - 1; i++) {
      const c = off[i]!
      const next = diag[i + 1]! - lambda
      const nextOff = i + 1 < n - 1 ? off[i + 1]! : 0
      if (Math.abs(a) >= Math.abs(c)) {
        a = nonzero(a)
        const l = c / a
        swap[i] = 0
        mult[i] = l
        u0[i] = a
        u1[i] = b
        u2[i] = 0
        a = next - l * b
        b = nextOff
      } else {
        const l = a / c
        swap[i] = 1
        mult[i] = l
        u0[i] = c
        u1[i] = next
        u2[i] = nextOff
        a = b - l * next
        b = -l * nextOff
      }
    }
    u0[n - 1] = nonzero(a)
  }

  /** z ← (T − λI)⁻¹ z. */
  solve(z: Float64Array): void {
    const { n, u0, u1, u2, mult, swap } = this
    for (let i = 0; i < n - 1; i++) {
      if (swap[i] === 1) {
        const tmp = z[i]!
        z[i] = z[i + 1]!
        z[i + 1] = tmp
      }
      z[i + 1]! -= mult[i]! * z[i]!
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i]!
      if (i + 1 < n) s -= u1[i]! * z[i + 1]!
      if (i + 2 < n) s -= u2[i]! * z[i + 2]!
      z[i] = s / u0[i]!
    }
    // Growth is up to 1/tiny a solve: rescale so the next solve cannot overflow.
    normalise(z)
  }
}

function subtractProjection(z: Float64Array, u: Float64Array): void {
  let dot = 0
  for (let j = 0; j < z.length; j++) dot += z[j]! * u[j]!
  for (let j = 0; j < z.length; j++) z[j]! -= dot * u[j]!
}

function normalise(z: Float64Array): void {
  let max = 0
  for (let j = 0; j < z.length; j++) max = Math.max(max, Math.abs(z[j]!))
  if (max === 0) return
  let s = 0
  for (let j = 0; j < z.length; j++) s += (z[j]! / max) ** 2
  const scale = 1 / (max * Math.sqrt(s))
  for (let j = 0; j < z.length; j++) z[j]! *= scale
}
