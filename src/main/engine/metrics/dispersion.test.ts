import { describe, expect, it } from 'vitest'
import { expectClose, fixture, matrixOf, shuffleLabels } from './__fixtures__/load'
import { seededRandom } from '../random'
import { calinskiHarabasz, daviesBouldin } from './dispersion'

const line = (xs: number[]) => ({ data: Float32Array.from(xs), rows: xs.length, cols: 1 })

describe('Davies–Bouldin and Calinski–Harabasz against scikit-learn', () => {
  it.each(fixture.internal.map((c) => [c.name, c] as const))('%s to 1e-6', (_name, c) => {
    const labels = Int32Array.from(c.labels)
    expectClose(daviesBouldin(matrixOf(c), labels), c.daviesBouldin, 1e-6, 0, 'Davies–Bouldin')
    expectClose(calinskiHarabasz(matrixOf(c), labels), c.calinskiHarabasz, 1e-6, 0, 'Calinski–Harabasz')
  })
})

describe('Davies–Bouldin and Calinski–Harabasz', () => {
  // Clusters {0, 2} and {10, 14}: centres 1 and 12, mean distances to them 1 and 2.
  const m = line([0, 2, 10, 14])
  const labels = Int32Array.from([0, 0, 1, 1])

  it('match a hand computation', () => {
    expectClose(daviesBouldin(m, labels), 3 / 11, 1e-12)
    // Between: 2·5.5² + 2·5.5² = 121; within: 1 + 1 + 4 + 4 = 10; (121 / 1) / (10 / 2).
    expectClose(calinskiHarabasz(m, labels), 24.2, 1e-12)
  })

  it('leave noise out', () => {
    const noisy = line([0, 2, 10, 14, -50, 300])
    const withNoise = Int32Array.from([0, 0, 1, 1, -1, -1])
    expect(daviesBouldin(noisy, withNoise)).toBe(daviesBouldin(m, labels))
    expect(calinskiHarabasz(noisy, withNoise)).toBe(calinskiHarabasz(m, labels))
  })

  it('ignore which numbers name the clusters', () => {
    const random = seededRandom(9)
    for (const c of fixture.internal.slice(0, 4)) {
      const original = Int32Array.from(c.labels)
      const renamed = shuffleLabels(original, random, true)
      expectClose(daviesBouldin(matrixOf(c), renamed), daviesBouldin(matrixOf(c), original), 1e-12)
      expectClose(calinskiHarabasz(matrixOf(c), renamed), calinskiHarabasz(matrixOf(c), original), 1e-12)
    }
  })

  it('score coinciding centres as scikit-learn does: that pair adds nothing', () => {
    // Clusters {−1, 1} and {−2, 2} share the centre 0; {9, 11} sits at 10.
    const r = daviesBouldin(line([-1, 1, -2, 2, 9, 11]), Int32Array.from([0, 0, 1, 1, 2, 2]))
    expectClose(r, ((1 + 1) / 10 + (2 + 1) / 10 + (2 + 1) / 10) / 3, 1e-12)
  })

  it('refuse a single cluster, saying what to do', () => {
    expect(() => daviesBouldin(m, Int32Array.from([0, 0, 0, -1]))).toThrow(/Davies–Bouldin needs at least 2 clusters.*Cluster with settings/)
    expect(() => calinskiHarabasz(m, Int32Array.from([3, 3, 3, 3]))).toThrow(/Calinski–Harabasz needs at least 2 clusters/)
  })
})
