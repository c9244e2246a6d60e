/**
 * The products PCA needs, in double precision on centred data: the d × d scatter matrix XᵀX when
 * rows outnumber columns, or the n × n Gram matrix XXᵀ when they do not (the smaller of the two
 * has the same non-zero spectrum, and its size bounds the eigen problem).
 *
 * Both are sums of outer products over the other dimension, so one kernel computes both: a block
 * of the data is centred into a Float64 panel laid out so that each output index owns a contiguous
 * run, and the upper triangle of the output gathers 4 × 4 tiles of dot products over that run
 * (eight loads feed sixteen multiply-adds). The lower triangle is mirrored at the end.
 */
import type { Matrix } from '../search/types'

/** Summed entries per panel: 64 × 8 bytes per output index keeps a 4 × 4 tile's runs in L1. */
const PANEL = 64

export interface ScatterWork {
  /** Called after each panel with panels done and the total. */
  step: (done: number, total: number) => void
}

/** Panels `scatter` (rows) or `gram` (cols) goes through, each one progress step. */
export function panels(length: number): number {
  return Math.ceil(length / PANEL)
}

/** Column means, summed in Float64. */
export function columnMeans(matrix: Matrix): Float64Array {
  const { data, rows, cols } = matrix
  const mean = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    for (let c = 0; c < cols; c++) mean[c]! += data[o + c]!
  }
  for (let c = 0; c < cols; c++) mean[c]! /= rows
  return mean
}

/** (X − mean)ᵀ(X − mean), cols × cols, row-major. */
export function scatter(matrix: Matrix, mean: Float64Array, work: ScatterWork): Float64Array {
  const { data, rows, cols } = matrix
  const out = new Float64Array(cols * cols)
  const panel = new Float64Array(cols * PANEL)
  const total = panels(rows)
  for (let r0 = 0, done = 0; r0 < rows; r0 += PANEL) {
    const len = Math.min(PANEL, rows - r0)
    // Panel row c holds column c of the data rows r0 … r0 + len − 1, centred.
    for (let t = 0; t < len; t++) {
      const o = (r0 + t) * cols
      for (let c = 0; c < cols; c++) panel[c * PANEL + t] = data[o + c]! - mean[c]!
    }
    addOuter(panel, cols, len, out)
    work.step(++done, total)
  }
  return mirror(out, cols)
}

/** (X − mean)(X − mean)ᵀ, rows × rows, row-major. */
export function gram(matrix: Matrix, mean: Float64Array, work: ScatterWork): Float64Array {
  const { data, rows, cols } = matrix
  const out = new Float64Array(rows * rows)
  const panel = new Float64Array(rows * PANEL)
  const total = panels(cols)
  for (let c0 = 0, done = 0; c0 < cols; c0 += PANEL) {
    const len = Math.min(PANEL, cols - c0)
    // Panel row r holds data row r's columns c0 … c0 + len − 1, centred.
    for (let r = 0; r < rows; r++) {
      const o = r * cols + c0
      for (let t = 0; t < len; t++) panel[r * PANEL + t] = data[o + t]! - mean[c0 + t]!
    }
    addOuter(panel, rows, len, out)
    work.step(++done, total)
  }
  return mirror(out, rows)
}

/** out[i, j] += Σₜ panel[i, t] · panel[j, t] for j ≥ i (upper triangle, whole 4 × 4 tiles). */
function addOuter(panel: Float64Array, p: number, len: number, out: Float64Array): void {
  const tail = p - (p % 4)
  for (let i = 0; i < tail; i += 4) {
    const a0 = i * PANEL, a1 = a0 + PANEL, a2 = a1 + PANEL, a3 = a2 + PANEL
    for (let j = i; j < tail; j += 4) {
      const b0 = j * PANEL, b1 = b0 + PANEL, b2 = b1 + PANEL, b3 = b2 + PANEL
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0
      for (let t = 0; t < len; t++) {
        const x0 = panel[a0 + t]!, x1 = panel[a1 + t]!, x2 = panel[a2 + t]!, x3 = panel[a3 + t]!
        const y0 = panel[b0 + t]!, y1 = panel[b1 + t]!, y2 = panel[b2 + t]!, y3 = panel[b3 + t]!
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3
      }
      const o0 = i * p + j, o1 = o0 + p, o2 = o1 + p, o3 = o2 + p
      out[o0]! += s00; out[o0 + 1]! += s01; out[o0 + 2]! += s02; out[o0 + 3]! += s03
      out[o1]! += s10; out[o1 + 1]! += s11; out[o1 + 2]! += s12; out[o1 + 3]! += s13
      out[o2]! += s20; out[o2 + 1]! += s21; out[o2 + 2]! += s22; out[o2 + 3]! += s23
      out[o3]! += s30; out[o3 + 1]! += s31; out[o3 + 2]! += s32; out[o3 + 3]! += s33
    }
  }
  // The last p mod 4 indices, against every index: plain dot products.
  for (let j = tail; j < p; j++) {
    const b = j * PANEL
    for (let i = 0; i <= j; i++) {
      const a = i * PANEL
      let s = 0
      for (let t = 0; t < len; t++) s += panel[a + t]! * panel[b + t]!
      out[i * p + j]! += s
    }
  }
}

/** Copies the upper triangle onto the lower one. */
function mirror(out: Float64Array, p: number): Float64Array {
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) out[j * p + i] = out[i * p + j]!
  return out
}
