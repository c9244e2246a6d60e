/**
 * The two Damerau-Levenshtein distances, by code point. Both add the swap of two adjacent
 * characters (cost 1) to Levenshtein's edits; they differ in what may happen around a swap:
 *
 * - optimal string alignment (OSA, "restricted" Damerau-Levenshtein): no substring is edited more
 *   than once, so 'CA' → 'ABC' costs 3, not 2 ('CA' → 'AC' → 'ABC'). Not a metric: that example
 *   breaks the triangle inequality.
 * - unrestricted Damerau-Levenshtein (Lowrance & Wagner 1975): characters may be inserted between
 *   the two swapped ones, so 'CA' → 'ABC' costs 2. A metric. jellyfish's
 *   damerau_levenshtein_distance computes this one.
 *
 * Both are the classic O(m·n) dynamic programmes over reused typed-array rows.
 */
import { CodePoints } from './code-points'
import { checkString } from './errors'

const A = new CodePoints()
const B = new CodePoints()
let rows = new Int32Array(0)
let table = new Int32Array(0)
let lastRowOf = new Int32Array(0)
const alphabet = new Map<number, number>()

export function osa(a: string, b: string): number {
  checkString('optimal string alignment', a, b)
  const x = A.load(a)
  const y = B.load(b)
  const m = x.length
  const n = y.length
  if (m === 0 || n === 0) return m + n
  const s = x.data
  const t = y.data
  const w = n + 1
  if (rows.length < 3 * w) rows = new Int32Array(3 * w * 2)
  // Three rolling rows: i − 2 (for the swap), i − 1 and i.
  let before = 0
  let prev = w
  let cur = 2 * w
  for (let j = 0; j <= n; j++) rows[prev + j] = j
  for (let i = 1; i <= m; i++) {
    rows[cur] = i
    const ai = s[i - 1]!
    const aPrev = i > 1 ? s[i - 2]! : -1
    for (let j = 1; j <= n; j++) {
      const bj = t[j - 1]!
      let v = rows[prev + j - 1]! + (ai === bj ? 0 : 1)
      const del = rows[prev + j]! + 1
      const ins = rows[cur + j - 1]! + 1
      if (del < v) v = del
      if (ins < v) v = ins
      if (j > 1 && ai === t[j - 2] && aPrev === bj && ai !== bj) {
        const swap = rows[before + j - 2]! + 1
        if (swap < v) v = swap
      }
      rows[cur + j] = v
    }
    const free = before
    before = prev
    prev = cur
    cur = free
  }
  return rows[prev + n]!
}

export function damerauLevenshtein(a: string, b: string): number {
  checkString('Damerau-Levenshtein', a, b)
  const x = A.load(a)
  const y = B.load(b)
  const m = x.length
  const n = y.length
  if (m === 0 || n === 0) return m + n
  const s = x.data
  const t = y.data
  // Characters become small indices once, so the "last row holding this character" lookup in the
  // inner loop is an array read rather than a hash lookup.
  alphabet.clear()
  const sym = (c: number): number => {
    let k = alphabet.get(c)
    if (k === undefined) alphabet.set(c, (k = alphabet.size))
    return k
  }
  const w = n + 2
  if (table.length < (m + 2) * w) table = new Int32Array(Math.max((m + 2) * w, table.length * 2))
  if (lastRowOf.length < m + n) lastRowOf = new Int32Array(2 * (m + n))
  const tSym = new Int32Array(n)
  for (let j = 0; j < n; j++) tSym[j] = sym(t[j]!)
  lastRowOf.fill(0, 0, m + n)
  const inf = m + n
  table[0] = inf
  for (let i = 0; i <= m; i++) {
    table[(i + 1) * w] = inf
    table[(i + 1) * w + 1] = i
  }
  for (let j = 0; j <= n; j++) {
    table[j + 1] = inf
    table[w + j + 1] = j
  }
  for (let i = 1; i <= m; i++) {
    const ai = s[i - 1]!
    let lastCol = 0
    const row = (i + 1) * w
    const up = i * w
    for (let j = 1; j <= n; j++) {
      const i1 = lastRowOf[tSym[j - 1]!]!
      const j1 = lastCol
      let v = table[up + j]! // substitution or match, from (i − 1, j − 1)
      if (ai === t[j - 1]) lastCol = j
      else v++
      const del = table[up + j + 1]! + 1
      const ins = table[row + j]! + 1
      const swap = table[i1 * w + j1]! + (i - i1 - 1) + 1 + (j - j1 - 1)
      if (del < v) v = del
      if (ins < v) v = ins
      if (swap < v) v = swap
      table[row + j + 1] = v
    }
    lastRowOf[sym(ai)] = i
  }
  return table[(m + 1) * w + n + 1]!
}
