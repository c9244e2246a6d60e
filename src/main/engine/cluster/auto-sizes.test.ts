import { describe, expect, it } from 'vitest'
import { autoClusterSizes } from './auto-sizes'

describe('minimum sizes scaled to the items', () => {
  it('keeps 100 and 25 from 10,000 items up, where they were measured on MNIST', () => {
    expect(autoClusterSizes(10_000)).toMatchObject({ minClusterSize: 100, minSamples: 25 })
    expect(autoClusterSizes(70_000)).toMatchObject({ minClusterSize: 100, minSamples: 25 })
  })

  it('scales down for smaller sets with the square root, never under 5', () => {
    // √1797 = 42.4, / 4 = 10.6; √4000 = 63.2, / 4 = 15.8; √300 = 17.3, / 4 = 4.3.
    expect(autoClusterSizes(1797)).toMatchObject({ minClusterSize: 42, minSamples: 11 })
    expect(autoClusterSizes(4000)).toMatchObject({ minClusterSize: 63, minSamples: 16 })
    expect(autoClusterSizes(300)).toMatchObject({ minClusterSize: 17, minSamples: 5 })
    expect(autoClusterSizes(20)).toMatchObject({ minClusterSize: 5, minSamples: 5 })
  })

  it('never lets the cluster size fall under min samples, and says why in words', () => {
    for (const n of [10, 500, 2_345, 8_000, 40_000, 1e6]) {
      const s = autoClusterSizes(n)
      expect(s.minClusterSize).toBeGreaterThanOrEqual(s.minSamples)
    }
    expect(autoClusterSizes(300).reason).toBe('Scaled to the 300 items: min cluster size 17 (their square root, kept from 5 to 100), min samples 5 (a quarter of that, kept from 5 to 25).')
  })
})
