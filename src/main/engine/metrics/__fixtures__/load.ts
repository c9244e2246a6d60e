/**
 * Reads metrics.json, written by scripts/fixtures/make-metrics-fixtures.py (scikit-learn 1.2).
 * Points are base64 little-endian float32; labels and groups are plain integers.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import type { Matrix } from '../types'

export interface InternalCase {
  name: string
  rows: number
  cols: number
  data: string
  labels: number[]
  silhouette: number
  /** scikit-learn's silhouette_samples for the non-noise rows, in row order. */
  silhouetteSamples: number[]
  daviesBouldin: number
  calinskiHarabasz: number
  sampled?: { size: number; seed: number; silhouette: number }[]
}

export interface ExternalCase {
  name: string
  labels: number[]
  groups: number[]
  nmi: number
  ari: number
  acc: number
  contingency: { clusters: number[]; groups: number[]; table: number[] }
}

export const fixture = JSON.parse(readFileSync(new URL('./metrics.json', import.meta.url), 'utf8')) as {
  internal: InternalCase[]
  external: ExternalCase[]
}

export function matrixOf(c: InternalCase): Matrix {
  // Copy into a fresh buffer: Node's pooled Buffers are not always aligned for a Float32Array view.
  const bytes = new Uint8Array(Buffer.from(c.data, 'base64'))
  return { data: new Float32Array(bytes.buffer, 0, c.rows * c.cols), rows: c.rows, cols: c.cols }
}

/** |actual − expected| ≤ rel·|expected| + abs. */
export function expectClose(actual: number, expected: number, rel: number, abs = 0, what = ''): void {
  const tol = rel * Math.abs(expected) + abs
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${what} expected ${expected}, got ${actual} (difference ${Math.abs(actual - expected)} > ${tol})`)
  }
}

/**
 * The same partition under other label values: each distinct value goes to a distinct random
 * value in [0, 1000), except that −1 stays −1 when `keepNoise`.
 */
export function shuffleLabels(labels: Int32Array, random: () => number, keepNoise: boolean): Int32Array {
  const fresh = new Map<number, number>()
  const taken = new Set<number>()
  return labels.map((v) => {
    if (keepNoise && v === -1) return v
    let to = fresh.get(v)
    if (to === undefined) {
      do to = Math.floor(random() * 1000)
      while (taken.has(to))
      fresh.set(v, to)
      taken.add(to)
    }
    return to
  })
}
