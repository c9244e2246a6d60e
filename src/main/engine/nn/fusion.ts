/**
 * A learned 0..1 similarity: logistic regression on three scores of an embedding pair — cosine,
 * Euclidean distance and dot product — fit on validation pairs, as in the reference's score fusion.
 * It is three weights and a bias, so it is fit with Newton's method (IRLS) in plain arithmetic; the
 * scores are standardised first and a small ridge term keeps the weights finite when the validation
 * pairs are perfectly separable (plain maximum likelihood would let them grow without bound).
 */
export const FUSION_FEATURES = ['cosine', 'euclidean', 'dot'] as const

export interface FusionModel {
  /** Per feature, in FUSION_FEATURES order, on standardised scores. */
  weights: [number, number, number]
  bias: number
  mean: [number, number, number]
  std: [number, number, number]
}

const COSINE_EPSILON = 1e-12

/** Cosine, Euclidean distance and dot product of two vectors. */
export function pairScores(a: ArrayLike<number>, b: ArrayLike<number>): [number, number, number] {
  let dot = 0
  let na = 0
  let nb = 0
  let sq = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    dot += x * y
    na += x * x
    nb += y * y
    sq += (x - y) * (x - y)
  }
  return [dot / Math.max(Math.sqrt(na * nb), COSINE_EPSILON), Math.sqrt(sq), dot]
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/** Solves the 4 × 4 (or any small) system A·x = b by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]!])
  for (let c = 0; c < n; c++) {
    let pivot = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r
    ;[m[c], m[pivot]] = [m[pivot]!, m[c]!]
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!
    x[r] = s / m[r]![r]!
  }
  return x
}

export interface LogisticOptions {
  /** Ridge penalty ½·λ·|w|² on the weights (not the bias). Default 1e-2. */
  l2?: number
  iterations?: number
}

/**
 * Logistic regression of y on the columns of x (n rows × k), by Newton steps; returns [bias, w…].
 * Minimises Σ log-loss + ½·λ·|w|².
 */
export function fitLogistic(x: number[][], y: ArrayLike<number>, options: LogisticOptions = {}): number[] {
  const l2 = options.l2 ?? 1e-2
  const k = x[0]?.length ?? 0
  const theta = new Array<number>(k + 1).fill(0)
  for (let it = 0; it < (options.iterations ?? 25); it++) {
    const grad = theta.map((t, j) => (j === 0 ? 0 : l2 * t))
    const hess = theta.map((_, r) => theta.map((__, c) => (r === c && r > 0 ? l2 : 0)))
    for (let i = 0; i < x.length; i++) {
      const row = [1, ...x[i]!]
      const p = sigmoid(row.reduce((s, v, j) => s + v * theta[j]!, 0))
      const w = Math.max(p * (1 - p), 1e-12)
      for (let r = 0; r <= k; r++) {
        grad[r]! += (p - y[i]!) * row[r]!
        for (let c = 0; c <= k; c++) hess[r]![c]! += w * row[r]! * row[c]!
      }
    }
    const step = solve(hess, grad)
    let size = 0
    for (let j = 0; j <= k; j++) {
      theta[j]! -= step[j]!
      size = Math.max(size, Math.abs(step[j]!))
    }
    if (size < 1e-10) break
  }
  return theta
}

/** Fits the fusion on pairs (a[i], b[i]) of embeddings with labels same[i] (1 similar). */
export function fitFusion(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[], same: ArrayLike<number>, options: LogisticOptions = {}): FusionModel {
  if (a.length < 2) throw new Error('The similarity fusion needs validation pairs: label at least two groups with two or more images each.')
  const raw = a.map((v, i) => pairScores(v, b[i]!))
  const mean = [0, 1, 2].map((j) => raw.reduce((s, r) => s + r[j]!, 0) / raw.length) as [number, number, number]
  const std = [0, 1, 2].map((j) => Math.sqrt(raw.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / raw.length) || 1) as [number, number, number]
  const x = raw.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!))
  const [bias, ...weights] = fitLogistic(x, same, options)
  return { weights: weights as [number, number, number], bias: bias!, mean, std }
}

/** The fused 0..1 similarity of two embeddings, or their plain cosine when there is no fusion. */
export function similarity(a: ArrayLike<number>, b: ArrayLike<number>, fusion?: FusionModel | null): number {
  const scores = pairScores(a, b)
  if (fusion === undefined || fusion === null) return scores[0]
  let z = fusion.bias
  for (let j = 0; j < 3; j++) z += (fusion.weights[j]! * (scores[j]! - fusion.mean[j]!)) / fusion.std[j]!
  return sigmoid(z)
}
