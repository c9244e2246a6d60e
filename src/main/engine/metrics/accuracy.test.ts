import { describe, expect, it } from 'vitest'
import { expectClose, fixture, shuffleLabels } from './__fixtures__/load'
import { seededRandom } from '../random'
import { accuracy } from './accuracy'
import { contingency } from './contingency'
import { maxWeightAssignment } from './hungarian'

const ints = (xs: number[]) => Int32Array.from(xs)

/** The best total over every one-to-one assignment, by trying them all. */
function bruteForceBest(w: number[], rows: number, cols: number, row = 0, usedCols = new Set<number>()): number {
  if (row === rows) return 0
  let best = bruteForceBest(w, rows, cols, row + 1, usedCols) // row left unassigned
  for (let j = 0; j < cols; j++) {
    if (usedCols.has(j)) continue
    usedCols.add(j)
    best = Math.max(best, w[row * cols + j]! + bruteForceBest(w, rows, cols, row + 1, usedCols))
    usedCols.delete(j)
  }
  return best
}

describe('accuracy against scipy.optimize.linear_sum_assignment', () => {
  it.each(fixture.external.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const labels = ints(c.labels)
    const { acc, mapping } = accuracy(labels, ints(c.groups))
    expectClose(acc, c.acc, 1e-12, 0, 'ACC')
    // The mapping is one-to-one, and the points it matches are exactly the accuracy.
    expect(new Set(mapping.values()).size).toBe(mapping.size)
    expect(mapping.has(-1)).toBe(false)
    const hits = c.labels.filter((l, i) => mapping.get(l) === c.groups[i]).length
    expect(hits / labels.length).toBe(acc)
  })
})

describe('maxWeightAssignment', () => {
  it('finds the best total on wide, tall and square matrices, ties included', () => {
    const random = seededRandom(13)
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 6)
      const cols = 1 + Math.floor(random() * 6)
      const spread = trial % 2 === 0 ? 4 : 1000 // few distinct weights: many optimal assignments
      const w = Array.from({ length: rows * cols }, () => Math.floor(random() * spread))
      const assigned = maxWeightAssignment(w, rows, cols)
      const taken = [...assigned].filter((j) => j >= 0)
      expect(taken.length).toBe(Math.min(rows, cols))
      expect(new Set(taken).size).toBe(taken.length)
      const total = [...assigned].reduce((s, j, i) => s + (j >= 0 ? w[i * cols + j]! : 0), 0)
      expect(total).toBe(bruteForceBest(w, rows, cols))
    }
  })

  it('does not take the greedy choice', () => {
    // Greedy takes 10 and then 1; the best is 9 + 9.
    expect(Array.from(maxWeightAssignment([10, 9, 9, 1], 2, 2))).toEqual([1, 0])
  })
})

describe('accuracy', () => {
  it('counts unmatched clusters and noise as wrong', () => {
    // Clusters 0 and 1 both hold group 0; only one can have it. Noise holds two of group 1.
    const r = accuracy(ints([0, 0, 1, 1, 2, 2, -1, -1]), ints([0, 0, 0, 0, 1, 1, 1, 1]))
    expect(r.acc).toBe(4 / 8)
    expect(r.mapping.get(2)).toBe(1)
    expect(r.mapping.size).toBe(2)
    expect(accuracy(ints([-1, -1, -1]), ints([0, 1, 1])).acc).toBe(0)
  })

  it('is invariant under renaming, 1 for a renamed partition, and the largest group share for one cluster', () => {
    const random = seededRandom(17)
    for (let trial = 0; trial < 20; trial++) {
      const n = 10 + Math.floor(random() * 200)
      const labels = Int32Array.from({ length: n }, () => Math.floor(random() * 6))
      const groups = Int32Array.from({ length: n }, () => Math.floor(random() * 4))
      expect(accuracy(shuffleLabels(labels, random, true), groups).acc).toBe(accuracy(labels, groups).acc)
      expect(accuracy(shuffleLabels(groups, random, true), groups).acc).toBe(1)
      const one = accuracy(new Int32Array(n).fill(7), groups)
      const largest = Math.max(...contingency(new Int32Array(n), groups).table)
      expect(one.acc).toBeGreaterThanOrEqual(largest / n)
      expect(one.acc).toBe(largest / n)
    }
  })
})
