/**
 * Levenshtein distance (insertions, deletions, substitutions, each costing 1) by code point, with
 * Myers' bit-parallel algorithm (Myers 1999, in Hyyrö's formulation): one column of the dynamic
 * programme is kept as bit vectors of vertical +1/−1 differences, and a text character advances
 * 32 rows at once with a handful of bit operations. JavaScript's bit operators work on 32 bits, so
 * patterns longer than 32 characters are cut into 32-row blocks that pass their horizontal
 * difference (and the addition's carry, through Myers' `hin < 0` rule) to the block below.
 *
 * With `maxDistance`, only rows that can still lie within the limit are computed (a band, as in
 * Ukkonen's cut-off and edlib), and the work stops as soon as every cell of a column exceeds it.
 * Rows outside the band are over-estimated, never under-estimated, so any result ≤ maxDistance is
 * exact; anything larger is reported as maxDistance + 1.
 */
import { CodePoints } from './code-points'
import { MeasureError, checkString } from './errors'

export interface LevenshteinOptions {
  /** Stop once the distance is known to exceed this; the result is then maxDistance + 1. */
  maxDistance?: number
}

const W = 32
const HIGH = 1 << 31
/** Rows of the match-vector table: code points below 256 index it directly, row 256 is all zeros,
 * other code points get rows from 257 on through `wideRows`. */
const DIRECT = 256
const ZERO_ROW = 256

const A = new CodePoints()
const B = new CodePoints()
const wideRows = new Map<number, number>()
let peq = new Int32Array(512)
let pv = new Int32Array(4)
let mv = new Int32Array(4)
let blockScore = new Int32Array(4)

export function levenshtein(a: string, b: string, options: LevenshteinOptions = {}): number {
  checkString('Levenshtein', a, b)
  const k = limit(options.maxDistance)
  let x = A.load(a)
  let y = B.load(b)
  if (x.length > y.length) [x, y] = [y, x] // the shorter string is the pattern: fewer blocks
  const p = x.data
  const t = y.data
  let start = 0
  let endP = x.length
  let endT = y.length
  while (start < endP && p[start] === t[start]) start++
  while (endP > start && p[endP - 1] === t[endT - 1]) {
    endP--
    endT--
  }
  const m = endP - start
  const n = endT - start
  if (n - m > k) return k + 1 // at least n − m insertions
  if (m === 0) return n
  const rows = buildPeq(p, start, m)
  try {
    return m <= W ? singleWord(t, start, n, m, k) : blocks(t, start, n, m, k, rows)
  } finally {
    clearPeq(p, start, m, rows)
  }
}

function limit(max: number | undefined): number {
  if (max === undefined || max === Infinity) return Infinity
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) {
    throw new MeasureError(`Levenshtein: maxDistance must be a whole number ≥ 0 (or left out), not ${String(max)}.`)
  }
  return max
}

/** Bit i of row(c), block b, is set when pattern[b·32 + i] = c. Returns the number of blocks. */
function buildPeq(p: Int32Array, start: number, m: number): number {
  const nb = Math.ceil(m / W)
  const needed = (DIRECT + 1 + m) * nb
  if (peq.length < needed) peq = new Int32Array(Math.max(needed, peq.length * 2))
  for (let i = 0; i < m; i++) {
    const c = p[start + i]!
    let row = c
    if (c >= DIRECT) {
      row = wideRows.get(c) ?? 0
      if (row === 0) wideRows.set(c, (row = DIRECT + 1 + wideRows.size))
    }
    peq[row * nb + ((i / W) | 0)]! |= 1 << (i % W)
  }
  return nb
}

function clearPeq(p: Int32Array, start: number, m: number, nb: number): void {
  for (let i = 0; i < m; i++) {
    const c = p[start + i]!
    const row = c < DIRECT ? c : wideRows.get(c)!
    peq.fill(0, row * nb, row * nb + nb)
  }
  wideRows.clear()
}

function rowOf(c: number): number {
  return c < DIRECT ? c : (wideRows.get(c) ?? ZERO_ROW)
}

function singleWord(t: Int32Array, start: number, n: number, m: number, k: number): number {
  const last = 1 << (m - 1)
  let vp = -1
  let vn = 0
  let score = m
  for (let j = 0; j < n; j++) {
    const eq = peq[rowOf(t[start + j]!)]!
    const xv = eq | vn
    const xh = (((eq & vp) + vp) ^ vp) | eq
    let hp = vn | ~(xh | vp)
    let hn = vp & xh
    if (hp & last) score++
    else if (hn & last) score--
    // D[m][n] ≥ D[m][j] − (columns left): past the limit, no suffix can bring it back.
    if (score - (n - 1 - j) > k) return k + 1
    hp = (hp << 1) | 1
    hn <<= 1
    vp = hn | ~(xv | hp)
    vn = hp & xv
  }
  return score
}

function blocks(t: Int32Array, start: number, n: number, m: number, k: number, nb: number): number {
  if (pv.length < nb) {
    pv = new Int32Array(nb * 2)
    mv = new Int32Array(nb * 2)
    blockScore = new Int32Array(nb * 2)
  }
  const lastBit = 1 << ((m - 1) % W)
  const lastRows = m - (nb - 1) * W
  const rowsIn = (b: number): number => (b === nb - 1 ? lastRows : W)
  // Column 0 is exact everywhere (D[i][0] = i): all vertical differences +1.
  let first = 0
  let last = Math.min(nb, Math.ceil(Math.max(1, Math.min(m, k)) / W)) - 1
  for (let b = 0; b <= last; b++) {
    pv[b] = -1
    mv[b] = 0
    blockScore[b] = Math.min(m, (b + 1) * W)
  }
  for (let j = 0; j < n; j++) {
    // Rows ≤ j + 1 + k may hold values ≤ k in this column: grow the band to cover them. A new
    // block starts from "+1 per row" below the band, an over-estimate, which is harmless there.
    if (last < nb - 1 && (last + 1) * W < Math.min(m, j + 1 + k)) {
      last++
      pv[last] = -1
      mv[last] = 0
      blockScore[last] = blockScore[last - 1]! + rowsIn(last)
    }
    const base = rowOf(t[start + j]!) * nb
    let hin = 1
    let within = false
    for (let b = first; b <= last; b++) {
      let eq = peq[base + b]!
      const vp = pv[b]!
      const vn = mv[b]!
      const xv = eq | vn
      if (hin < 0) eq |= 1
      const xh = (((eq & vp) + vp) ^ vp) | eq
      let hp = vn | ~(xh | vp)
      let hn = vp & xh
      const isLast = b === nb - 1
      const top = isLast ? lastBit : HIGH
      const hout = hp & top ? 1 : hn & top ? -1 : 0
      hp <<= 1
      hn <<= 1
      if (hin < 0) hn |= 1
      else if (hin > 0) hp |= 1
      pv[b] = hn | ~(xv | hp)
      mv[b] = hp & xv
      const s = (blockScore[b]! += hout)
      // Neighbouring rows differ by at most 1, so a block's smallest value is ≥ its last − (rows − 1).
      if (s - (isLast ? lastRows : W) < k) within = true
      hin = hout
    }
    if (k === Infinity) continue
    // Every cell of this column, row 0 (= j + 1) included, exceeds k: so will the result.
    if (!within && j >= k) return k + 1
    // Top blocks entirely above k stay above it once row 0 (D[0][j] = j) has passed k too; the
    // block below them then takes hin = +1, again an over-estimate.
    while (first < last && j > k + 1 && blockScore[first]! - rowsIn(first) >= k) first++
  }
  const d = blockScore[nb - 1]!
  return d > k ? k + 1 : d
}
