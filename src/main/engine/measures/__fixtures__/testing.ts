/**
 * Shared by the measure tests: the reference fixtures written by
 * scripts/fixtures/make-measure-fixtures.py, a seeded generator, and property checks.
 */
export { seededRandom as seeded } from '../../random'
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'

export function fixture<T>(name: 'vectors' | 'binary' | 'strings' | 'emd'): { cases: T[] } {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as { cases: T[] }
}


export function randomString(random: () => number, alphabet: string, length: number): string {
  const chars = Array.from(alphabet)
  return Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join('')
}

/** A copy of `s` with `edits` random insertions, deletions, substitutions and adjacent swaps. */
export function mutate(random: () => number, s: string, alphabet: string, edits: number): string {
  const c = Array.from(s)
  const chars = Array.from(alphabet)
  const pick = (): string => chars[Math.floor(random() * chars.length)]!
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(random() * (c.length + 1))
    const op = Math.floor(random() * 4)
    if (op === 0 || c.length === 0) c.splice(i, 0, pick())
    else if (op === 1) c.splice(Math.min(i, c.length - 1), 1)
    else if (op === 2) c[Math.min(i, c.length - 1)] = pick()
    else if (c.length >= 2) {
      const j = Math.min(i, c.length - 2)
      ;[c[j], c[j + 1]] = [c[j + 1]!, c[j]!]
    }
  }
  return c.join('')
}

export function randomVector(random: () => number, n: number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => (random() * 2 - 1) * scale)
}

/** |actual − expected| ≤ rel·|expected| + abs. */
export function expectClose(actual: number, expected: number, rel: number, abs = 0, what = ''): void {
  const tol = rel * Math.abs(expected) + abs
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${what} expected ${expected}, got ${actual} (difference ${Math.abs(actual - expected)} > ${tol})`)
  }
}

/**
 * Symmetry, identity, non-negativity over all pairs of `samples`, and, when `triangle`, the
 * triangle inequality over all triples (with `tol` for rounding). Returns the number of triples
 * checked, so a test can assert the check was not vacuous.
 */
export function checkDistanceAxioms<T>(d: (a: T, b: T) => number, samples: readonly T[], triangle: boolean, tol = 1e-12): number {
  const n = samples.length
  const dist = samples.map((a) => samples.map((b) => d(a, b)))
  for (let i = 0; i < n; i++) {
    expectClose(dist[i]![i]!, 0, 0, tol, `d(x, x) for sample ${i}:`)
    for (let j = 0; j < n; j++) {
      expect(dist[i]![j]!).toBeGreaterThanOrEqual(0)
      expectClose(dist[i]![j]!, dist[j]![i]!, tol, tol, `symmetry of samples ${i}, ${j}:`)
    }
  }
  if (!triangle) return 0
  let triples = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        const scale = Math.max(1, dist[i]![k]!)
        if (dist[i]![k]! > dist[i]![j]! + dist[j]![k]! + tol * scale) {
          expect.fail(`triangle inequality broken: d(${i}, ${k}) = ${dist[i]![k]} > d(${i}, ${j}) + d(${j}, ${k}) = ${dist[i]![j]! + dist[j]![k]!}`)
        }
        triples++
      }
    }
  }
  return triples
}
