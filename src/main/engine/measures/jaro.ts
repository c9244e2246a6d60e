/**
 * Jaro similarity and Jaro-Winkler similarity, in [0, 1], by code point.
 *
 * Jaro: characters match when equal and at most ⌊max(|a|, |b|)/2⌋ − 1 positions apart; with m
 * matches and t half-transpositions, (m/|a| + m/|b| + (m − t)/m) / 3. Jaro-Winkler adds
 * ℓ · 0.1 · (1 − jaro) for a common prefix of ℓ ≤ 4 characters, only when jaro > 0.7 (Winkler's
 * boost threshold, which jellyfish applies too). Neither is a metric.
 *
 * Deliberate difference from jellyfish: two empty strings have similarity 1 here (they are
 * identical), where jellyfish returns 0. One empty string against a non-empty one gives 0 in both.
 */
import { CodePoints } from './code-points'
import { checkString } from './errors'

export const WINKLER_PREFIX_SCALE = 0.1
export const WINKLER_MAX_PREFIX = 4
export const WINKLER_BOOST_THRESHOLD = 0.7

const A = new CodePoints()
const B = new CodePoints()
let matchedA = new Uint8Array(64)
let matchedB = new Uint8Array(64)

export function jaro(a: string, b: string): number {
  checkString('Jaro', a, b)
  return jaroOfLoaded(A.load(a), B.load(b))
}

export function jaroWinkler(a: string, b: string): number {
  checkString('Jaro-Winkler', a, b)
  const x = A.load(a)
  const y = B.load(b)
  const j = jaroOfLoaded(x, y)
  if (j <= WINKLER_BOOST_THRESHOLD) return j
  const limit = Math.min(WINKLER_MAX_PREFIX, x.length, y.length)
  let prefix = 0
  while (prefix < limit && x.data[prefix] === y.data[prefix]) prefix++
  return j + prefix * WINKLER_PREFIX_SCALE * (1 - j)
}

function jaroOfLoaded(x: CodePoints, y: CodePoints): number {
  const la = x.length
  const lb = y.length
  if (la === 0 && lb === 0) return 1
  if (la === 0 || lb === 0) return 0
  const s = x.data
  const t = y.data
  if (matchedA.length < la) matchedA = new Uint8Array(la * 2)
  if (matchedB.length < lb) matchedB = new Uint8Array(lb * 2)
  matchedA.fill(0, 0, la)
  matchedB.fill(0, 0, lb)
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1)
  let matches = 0
  for (let i = 0; i < la; i++) {
    const c = s[i]
    const hi = Math.min(lb - 1, i + window)
    for (let j = Math.max(0, i - window); j <= hi; j++) {
      if (matchedB[j] === 0 && t[j] === c) {
        matchedA[i] = 1
        matchedB[j] = 1
        matches++
        break
      }
    }
  }
  if (matches === 0) return 0
  // Walk the matched characters of both strings in order; each mismatch is half a transposition.
  let half = 0
  let j = 0
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue
    while (matchedB[j] === 0) j++
    if (s[i] !== t[j]) half++
    j++
  }
  const transpositions = half >> 1
  return (matches / la + matches / lb + (matches - transpositions) / matches) / 3
}
