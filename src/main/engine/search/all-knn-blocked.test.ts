import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { allKnnBlocked, emptyKnnHeaps, finishKnn, knnOfTileRows, mergeKnnHeaps, tileRowCount } from './all-knn-blocked'
import { gaussianWithDuplicates, integerGrid } from './testing'
import type { KnnResult, Matrix } from './types'

/** The result of computing each set of tile rows on its own and merging the heaps in the given order. */
function bySets(m: Matrix, k: number, sets: number[][]): KnnResult {
  const merged = emptyKnnHeaps(m.rows, k)
  for (const set of sets) mergeKnnHeaps(merged, knnOfTileRows(m, k, set), k)
  return finishKnn(merged, k)
}

function expectSame(got: KnnResult, want: KnnResult): void {
  expect(got.indices).toEqual(want.indices)
  expect(got.distances).toEqual(want.distances)
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** Every tile row dealt at random into `parts` sets (some may stay empty), each set in random order. */
function randomSets(n: number, parts: number, random: () => number): number[][] {
  const sets: number[][] = Array.from({ length: parts }, () => [])
  for (let t = 0; t < tileRowCount(n); t++) sets[Math.floor(random() * parts)]!.push(t)
  return shuffled(sets.map((s) => shuffled(s, random)), random)
}

describe('allKnnBlocked split by tile rows', () => {
  // 700 rows are 11 tile rows, the last one short; one row in seven is a copy of another.
  const m = gaussianWithDuplicates(21, 700, 12, 100)

  it('gives the whole result from one set of all tile rows', () => {
    const all = Array.from({ length: tileRowCount(m.rows) }, (_, t) => t)
    expectSame(bySets(m, 9, [all]), allKnnBlocked(m, 9))
  })

  it.each([2, 3, 11])('gives the same result from %i interleaved sets, merged in any order', (parts) => {
    const want = allKnnBlocked(m, 9)
    const sets = Array.from({ length: parts }, (_, s) => Array.from({ length: tileRowCount(m.rows) }, (_, t) => t).filter((t) => t % parts === s))
    expectSame(bySets(m, 9, sets), want)
    expectSame(bySets(m, 9, sets.slice().reverse()), want)
  })

  it('takes its tile rows from any iterable, such as a generator drawing from a counter', () => {
    const count = tileRowCount(m.rows)
    let next = 0
    function* evenRows(): Generator<number> {
      for (; next < count; next += 2) yield next
    }
    const odd = new Set(Array.from({ length: count }, (_, t) => t).filter((t) => t % 2 === 1))
    const merged = emptyKnnHeaps(m.rows, 9)
    mergeKnnHeaps(merged, knnOfTileRows(m, 9, odd), 9)
    mergeKnnHeaps(merged, knnOfTileRows(m, 9, evenRows()), 9)
    expect(next).toBeGreaterThanOrEqual(count)
    expectSame(finishKnn(merged, 9), allKnnBlocked(m, 9))
  })

  it('gives the same result from uneven random sets in random order', () => {
    const random = seededRandom(5)
    const want = allKnnBlocked(m, 9)
    for (const parts of [2, 3, 5, 8]) expectSame(bySets(m, 9, randomSets(m.rows, parts, random)), want)
  })

  it('settles ties by index the same way when split, on an integer grid', () => {
    // Values 0–2 in 6 columns: most distances are shared by many points.
    const grid = integerGrid(4, 450, 6, 3)
    const random = seededRandom(8)
    const want = allKnnBlocked(grid, 15)
    for (const parts of [3, 6]) expectSame(bySets(grid, 15, randomSets(grid.rows, parts, random)), want)
  })

  it('gives every other point when k = n − 1 or close to it', () => {
    const small = gaussianWithDuplicates(3, 150, 20, 30)
    const random = seededRandom(9)
    for (const k of [147, 149]) {
      const want = allKnnBlocked(small, k)
      expectSame(bySets(small, k, randomSets(small.rows, 3, random)), want)
      expectSame(bySets(small, k, [[2], [0], [1]]), want)
    }
  })

  it('refuses to finish heaps that miss some pairs, rather than answer with zeros', () => {
    const small = gaussianWithDuplicates(3, 150, 20, 30)
    const merged = emptyKnnHeaps(small.rows, 149)
    mergeKnnHeaps(merged, knnOfTileRows(small, 149, [0, 1]), 149)
    expect(() => finishKnn(merged, 149)).toThrow(/only \d+ of 149 neighbours/)
  })
})
