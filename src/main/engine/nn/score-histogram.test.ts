import { describe, expect, it } from 'vitest'
import { scoreHistogram } from './score-histogram'

const sum = (a: number[]): number => a.reduce((s, x) => s + x, 0)

describe('scoreHistogram', () => {
  it('counts each kind of pair in shared bins over [0, max], the largest distance in the last bin', () => {
    const h = scoreHistogram([0, 0.5, 1, 2, 4, 3.99], [1, 1, 0, 1, 0, 0], null, 4)
    expect(h.edges).toEqual([0, 1, 2, 3, 4])
    expect(h.similar).toEqual([2, 0, 1, 0])
    expect(h.dissimilar).toEqual([0, 1, 0, 2])
  })

  it('adds up to the number of pairs of each kind, with increasing edges, on random distances', () => {
    let s = 7
    const next = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32)
    const distances = Array.from({ length: 501 }, () => next() * 3)
    const same = distances.map((_, i) => (i % 2 === 0 ? 1 : 0))
    const h = scoreHistogram(distances, same, 1.2)
    expect(h.edges).toHaveLength(31)
    for (let i = 1; i < h.edges.length; i++) expect(h.edges[i]!).toBeGreaterThan(h.edges[i - 1]!)
    expect(h.edges.at(-1)).toBe(Math.max(...distances))
    expect(sum(h.similar)).toBe(251)
    expect(sum(h.dissimilar)).toBe(250)
  })

  it('reaches the threshold when it lies beyond every pair, leaves out what is not a distance, and has bins when all are 0', () => {
    const h = scoreHistogram([0.5, NaN, -1, 1], [1, 1, 0, 0], 2, 2)
    expect(h.edges).toEqual([0, 1, 2])
    expect(h.similar).toEqual([1, 0])
    expect(h.dissimilar).toEqual([0, 1])
    expect(scoreHistogram([0, 0], [1, 0], null, 2)).toEqual({ edges: [0, 0.5, 1], similar: [1, 0], dissimilar: [1, 0] })
  })
})
