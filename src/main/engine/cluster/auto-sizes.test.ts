import { describe, expect, it } from 'vitest'
import { autoClusterSizes } from './auto-sizes'

describe('minimum sizes scaled to the items', () => {
  it('keeps 100 and 25 from 10,000 items up, where they were measured on MNIST', () => {
    expect(autoClusterSizes(10_000)).toMatchObject({ minClusterSize: 100, minSamples: 25 })
    expect(autoClusterSizes(70_000)).toMatchObject({ minClusterSize: 100, minSamples: 25 })
  })

  it('scales down for smaller sets: 1 % and one in 400, never under 5', () => {
    expect(autoClusterSizes(1797)).toMatchObject({ minClusterSize: 18, minSamples: 5 })
    expect(autoClusterSizes(4000)).toMatchObject({ minClusterSize: 40, minSamples: 10 })
    expect(autoClusterSizes(300)).toMatchObject({ minClusterSize: 5, minSamples: 5 })
    expect(autoClusterSizes(20)).toMatchObject({ minClusterSize: 5, minSamples: 5 })
  })

  it('never lets the cluster size fall under min samples, and says why in words', () => {
    for (const n of [10, 500, 2_345, 8_000, 40_000, 1e6]) {
      const s = autoClusterSizes(n)
      expect(s.minClusterSize).toBeGreaterThanOrEqual(s.minSamples)
    }
    expect(autoClusterSizes(300).reason).toBe('Scaled to the 300 items: min cluster size 5 (1 % of them, kept from 5 to 100), min samples 5 (one in 400, kept from 5 to 25).')
  })
})
