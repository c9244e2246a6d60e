import { describe, expect, it } from 'vitest'
import { bucketPoints, markerSize, paddedExtent, pointCount } from './scatter-data'

// Six points: clusters 0, 1 and noise; groups 0..3 with 3 shapes, so group 3 shares shape 0.
const points = {
  x: [0, 1, 2, 3, 4, 5],
  y: [10, 11, 12, 13, 14, 15],
  labels: [0, 0, 1, -1, 1, 0],
  groups: [0, 1, 0, 2, 3, 3]
}
const none = new Set<number>()

describe('bucketPoints', () => {
  it('puts every point in the bucket of its cluster and shape, noise first', () => {
    const buckets = bucketPoints(points, none, none, 3)
    expect(buckets.map((b) => [b.cluster, b.shape, [...b.index]])).toEqual([
      [-1, 2, [3]],
      [0, 0, [0, 5]],
      [0, 1, [1]],
      [1, 0, [2, 4]]
    ])
    expect(pointCount(buckets)).toBe(6)
  })

  it('keeps x and y beside each other for the chart', () => {
    const bucket = bucketPoints(points, none, none, 3).find((b) => b.cluster === 1)!
    expect([...bucket.xy]).toEqual([2, 12, 4, 14])
  })

  it('leaves out hidden clusters and hidden groups, even from a shared shape', () => {
    const buckets = bucketPoints(points, new Set([-1]), new Set([3]), 3)
    expect(buckets.map((b) => [b.cluster, b.shape, [...b.index]])).toEqual([
      [0, 0, [0]],
      [0, 1, [1]],
      [1, 0, [2]]
    ])
    expect([...buckets[0]!.xy]).toEqual([0, 10])
  })

  it('draws nothing when everything is hidden', () => {
    expect(bucketPoints(points, new Set([0, 1, -1]), none, 3)).toEqual([])
  })

  it('handles 70,000 points without dropping any', () => {
    const n = 70_000
    const big = {
      x: Array.from({ length: n }, (_, i) => i),
      y: Array.from({ length: n }, (_, i) => -i),
      labels: Array.from({ length: n }, (_, i) => (i % 11) - 1),
      groups: Array.from({ length: n }, (_, i) => i % 10)
    }
    const buckets = bucketPoints(big, none, none, 7)
    expect(pointCount(buckets)).toBe(n)
    const seen = new Set(buckets.flatMap((b) => [...b.index]))
    expect(seen.size).toBe(n)
  })
})

describe('map geometry', () => {
  it('shrinks markers as the map fills', () => {
    expect(markerSize(60)).toBeGreaterThan(markerSize(10_000))
    expect(markerSize(10_000)).toBeGreaterThan(markerSize(70_000))
  })

  it('pads the extent by a share of the span, and a single value by one', () => {
    expect(paddedExtent([0, 10, 5], 0.1)).toEqual([-1, 11])
    expect(paddedExtent([3, 3], 0.1)).toEqual([2, 4])
    expect(paddedExtent([], 0.1)).toEqual([0, 1])
  })
})
