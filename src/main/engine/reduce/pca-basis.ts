/** Orthonormalisation and the sign convention for PCA components (k × d row-major). */

/** Entries within this fraction of the largest |value| tie; the first of them sets the sign. */
const SIGN_TIE = 1e-9

/**
 * Makes each component's largest-|value| entry positive, the first of several that tie. The
 * reference fixtures apply the same rule, so that results are comparable and reproducible.
 */
export function fixSigns(components: Float64Array, k: number, d: number): void {
  for (let i = 0; i < k; i++) {
    const c = components.subarray(i * d, (i + 1) * d)
    let max = 0
    for (let j = 0; j < d; j++) max = Math.max(max, Math.abs(c[j]!))
    let j = 0
    while (j < d - 1 && Math.abs(c[j]!) < max * (1 - SIGN_TIE)) j++
    if (c[j]! < 0) for (let t = 0; t < d; t++) c[t] = -c[t]!
  }
}

/**
 * Modified Gram–Schmidt over the rows, in order, for rows not `degenerate`; returns which rows
 * were kept. Degenerate rows, and rows that lose almost all their length, are zeroed.
 */
export function orthonormalise(components: Float64Array, k: number, d: number, degenerate: (i: number) => boolean): boolean[] {
  const kept: boolean[] = []
  for (let i = 0; i < k; i++) {
    const v = components.subarray(i * d, (i + 1) * d)
    const before = norm(v)
    if (!degenerate(i) && before > 0) {
      for (let p = 0; p < i; p++) if (kept[p]) project(v, components.subarray(p * d, (p + 1) * d))
      const after = norm(v)
      if (after > 1e-8 * before) {
        for (let j = 0; j < d; j++) v[j]! /= after
        kept.push(true)
        continue
      }
    }
    v.fill(0)
    kept.push(false)
  }
  return kept
}

/**
 * Fills the rows not `kept` with unit vectors orthogonal to all others: the first standard basis
 * vector eⱼ that keeps a fair part of its length once projected (twice, for accuracy) off the
 * rows already set. One always does: with r < d rows set, Σⱼ ‖residual of eⱼ‖² = d − r ≥ 1.
 */
export function completeBasis(components: Float64Array, k: number, d: number, kept: boolean[]): void {
  const set = kept.slice()
  const enough = Math.sqrt(0.5 / d)
  for (let i = 0; i < k; i++) {
    if (set[i]) continue
    const v = components.subarray(i * d, (i + 1) * d)
    for (let j = 0; ; j++) {
      if (j >= d) throw new Error(`PCA cannot complete an orthonormal basis of ${k} components in ${d} dimensions. Ask for fewer components.`)
      v.fill(0)
      v[j] = 1
      for (let pass = 0; pass < 2; pass++) for (let p = 0; p < k; p++) if (set[p]) project(v, components.subarray(p * d, (p + 1) * d))
      const length = norm(v)
      if (length > enough) {
        for (let t = 0; t < d; t++) v[t]! /= length
        break
      }
    }
    set[i] = true
  }
}

function project(v: Float64Array, u: Float64Array): void {
  let dot = 0
  for (let j = 0; j < v.length; j++) dot += v[j]! * u[j]!
  for (let j = 0; j < v.length; j++) v[j]! -= dot * u[j]!
}

function norm(v: Float64Array): number {
  let s = 0
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!
  return Math.sqrt(s)
}
