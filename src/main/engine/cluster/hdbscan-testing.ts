/**
 * Shared by the HDBSCAN tests: R's reference results (written by
 * scripts/fixtures/make-hdbscan-fixtures.R), seeded data and partition comparison.
 */
import { readFileSync } from 'node:fs'
import { seededRandom } from '../random'
import type { HdbscanMatrix } from './hdbscan'

/** One data set clustered by R's dbscan::hdbscan(x, minPts); R numbers clusters 1..k, noise 0. */
export interface RCase {
  name: string
  minPts: number
  rows: number
  cols: number
  data: number[]
  cluster: number[]
  coredist: number[]
  membershipProb: number[]
  outlierScores: number[]
  /** [row, value, value, ...]: every outlier score R gave this row under permuted row orders. */
  outlierAlternatives: number[][]
  /** null where R's value is NaN. */
  clusterScores: (number | null)[]
}

export function rCases(): RCase[] {
  const text = readFileSync(new URL('./__fixtures__/hdbscan.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { cases: RCase[] }).cases
}

export function caseMatrix(c: RCase): HdbscanMatrix {
  return { data: Float32Array.from(c.data), rows: c.rows, cols: c.cols }
}

/** Isotropic Gaussian blobs (Box–Muller) plus uniform noise over [lo, hi] in every column. */
export function gaussianBlobs(
  seed: number,
  blobs: { centre: number[]; sd: number; count: number }[],
  noise = 0,
  box: [number, number] = [0, 1]
): HdbscanMatrix {
  const random = seededRandom(seed)
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const cols = blobs[0]!.centre.length
  const rows = blobs.reduce((s, b) => s + b.count, 0) + noise
  const data = new Float32Array(rows * cols)
  let i = 0
  for (const b of blobs) {
    for (let k = 0; k < b.count; k++, i++) {
      for (let d = 0; d < cols; d++) data[i * cols + d] = b.centre[d]! + b.sd * gauss()
    }
  }
  for (; i < rows; i++) {
    for (let d = 0; d < cols; d++) data[i * cols + d] = box[0] + (box[1] - box[0]) * random()
  }
  return { data, rows, cols }
}

/** The rows of `m` in the order `perm` (new row i is old row perm[i]). */
export function permuteRows(m: HdbscanMatrix, perm: ArrayLike<number>): HdbscanMatrix {
  const data = new Float32Array(m.data.length)
  for (let i = 0; i < m.rows; i++) data.set(m.data.subarray(perm[i]! * m.cols, (perm[i]! + 1) * m.cols), i * m.cols)
  return { data, rows: m.rows, cols: m.cols }
}

export function shuffled(n: number, seed: number): Int32Array {
  const random = seededRandom(seed)
  const perm = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[perm[i], perm[j]] = [perm[j]!, perm[i]!]
  }
  return perm
}

/**
 * The map from labels `a` to labels `b` if they describe the same partition with the same noise
 * (−1 ↦ −1), else null.
 */
export function relabelling(a: ArrayLike<number>, b: ArrayLike<number>): Map<number, number> | null {
  if (a.length !== b.length) return null
  const forward = new Map<number, number>()
  const backward = new Map<number, number>()
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if ((x < 0) !== (y < 0)) return null
    if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return null
    forward.set(x, y)
    backward.set(y, x)
  }
  return forward
}
