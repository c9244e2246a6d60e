/**
 * The starting layout of the reference UMAP: the leading non-trivial eigenvectors of the fuzzy
 * graph's normalised adjacency D^−½ W D^−½ (the smallest of its normalised Laplacian), scaled so
 * the largest coordinate is 10, plus noise of 1e-4.
 *
 * umap-js starts from uniform random positions instead. With 200 epochs that leaves a class split
 * into islands far apart, or two classes fused where they met, which then costs a clustering of
 * the layout dearly; a spectral start puts each well-connected group in one place from the start.
 *
 * Deliberate difference: the reference solves for the eigenvectors to 1e-4 with ARPACK; we run a
 * fixed number of block power iterations on an oversampled block with the trivial vector
 * (∝ √degree) projected out, then one Rayleigh–Ritz step. A start needs the leading subspace
 * roughly, not converged vectors, and the fixed count keeps the time predictable and the result
 * the same on every machine.
 */
import type { FuzzyGraph } from './umap-graph'
import { topEigenpairs } from './symmetric-eigen'

/** Extra vectors iterated beside the wanted ones: the leading ones converge faster with them. */
const OVERSAMPLE = 6
export const SPECTRAL_ITERATIONS = 100

export function spectralLayout(graph: FuzzyGraph, nComponents: number, random: () => number, signal?: AbortSignal, iterations = SPECTRAL_ITERATIONS): number[][] {
  const { n, rows, cols, weights } = graph
  const b = Math.min(nComponents + OVERSAMPLE, n - 1)
  const start = new Int32Array(n + 1)
  for (const r of rows) start[r + 1]!++
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!
  // Edge weights scaled to D^−½ W D^−½; the trivial eigenvector (eigenvalue 1) is √degree.
  const root = new Float64Array(n)
  for (let e = 0; e < weights.length; e++) root[rows[e]!]! += weights[e]!
  for (let i = 0; i < n; i++) root[i] = Math.sqrt(root[i]!)
  const scaled = new Float64Array(weights.length)
  for (let e = 0; e < weights.length; e++) scaled[e] = weights[e]! / (root[rows[e]!]! * root[cols[e]!]!)
  const trivial = Float64Array.from(root)
  normalise(trivial)

  const multiply = (x: Float64Array, y: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let e = start[i]!; e < start[i + 1]!; e++) s += scaled[e]! * x[cols[e]!]!
      y[i] = s
    }
  }
  let block = Array.from({ length: b }, () => Float64Array.from({ length: n }, () => random() - 0.5))
  orthonormalise(block, trivial, random)
  let next = Array.from({ length: b }, () => new Float64Array(n))
  for (let it = 0; it < iterations; it++) {
    signal?.throwIfAborted()
    for (let v = 0; v < b; v++) multiply(block[v]!, next[v]!)
    ;[block, next] = [next, block]
    orthonormalise(block, trivial, random)
  }

  // Rayleigh–Ritz: the eigenvectors of Qᵀ M Q, carried back, give the leading directions in order.
  const h = new Float64Array(b * b)
  const mq = new Float64Array(n)
  for (let v = 0; v < b; v++) {
    multiply(block[v]!, mq)
    for (let u = 0; u < b; u++) h[u * b + v] = dot(block[u]!, mq)
  }
  for (let u = 0; u < b; u++) for (let v = 0; v < u; v++) h[u * b + v] = h[v * b + u] = (h[u * b + v]! + h[v * b + u]!) / 2
  const k = Math.min(nComponents, b)
  const { vectors } = topEigenpairs(h, b, k)
  const layout = Array.from({ length: n }, () => new Array<number>(nComponents).fill(0))
  let max = 0
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let v = 0; v < b; v++) s += block[v]![i]! * vectors[c * b + v]!
      layout[i]![c] = s
      max = Math.max(max, Math.abs(s))
    }
  }
  const expansion = max > 0 ? 10 / max : 1
  for (const row of layout) for (let c = 0; c < nComponents; c++) row[c] = row[c]! * expansion + (random() - 0.5) * 2e-4
  return layout
}

/** Gram–Schmidt against `trivial` and each other; a vector that vanishes is drawn again. */
function orthonormalise(block: Float64Array[], trivial: Float64Array, random: () => number): void {
  for (let v = 0; v < block.length; v++) {
    const x = block[v]!
    for (let attempt = 0; ; attempt++) {
      const before = Math.sqrt(dot(x, x))
      subtract(x, trivial)
      for (let u = 0; u < v; u++) subtract(x, block[u]!)
      const after = Math.sqrt(dot(x, x))
      if (after > 1e-10 * before && after > 0) break
      if (attempt > 3) throw new Error('The spectral layout found no direction left; the graph has fewer points than the layout needs.')
      for (let i = 0; i < x.length; i++) x[i] = random() - 0.5
    }
    normalise(x)
  }
}

function subtract(x: Float64Array, unit: Float64Array): void {
  const p = dot(x, unit)
  for (let i = 0; i < x.length; i++) x[i]! -= p * unit[i]!
}

function normalise(x: Float64Array): void {
  const s = Math.sqrt(dot(x, x))
  for (let i = 0; i < x.length; i++) x[i]! /= s
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}
