/**
 * The defaults a run chooses from the data: minimum sizes that scale with the items, the reasons
 * kept with what was chosen, and the warnings a degenerate result carries.
 */
import { describe, expect, it } from 'vitest'
import { gaussianBlobs } from './cluster/hdbscan-testing'
import { DEFAULT_PIPELINE, runPipeline, type PipelineParams } from './pipeline'
import { runWarnings } from './run-warnings'
import type { Matrix } from './search/types'

/** Ten groups of 30 in 20-D (the size of the bundled sample), each centre on its own axis pair. */
function sample(): { matrix: Matrix; groups: Int32Array } {
  const centres = Array.from({ length: 10 }, (_, g) => Array.from({ length: 20 }, (_, d) => (d === 2 * g || d === 2 * g + 1 ? 12 : 0)))
  const matrix = gaussianBlobs(5, centres.map((centre) => ({ centre, sd: 1, count: 30 })))
  return { matrix, groups: Int32Array.from({ length: 300 }, (_, i) => Math.floor(i / 30)) }
}

function withCluster(cluster: Partial<PipelineParams['cluster']>): PipelineParams {
  const d = structuredClone(DEFAULT_PIPELINE)
  return { ...d, cluster: { ...d.cluster, ...cluster } }
}

describe('defaults from the data', () => {
  it('HDBSCAN with its defaults finds the groups of 300 items, which the fixed 100 and 25 left all noise', async () => {
    const { matrix, groups } = sample()
    const auto = await runPipeline(matrix, groups, withCluster({ algo: 'hdbscan' }))
    expect(auto.chosen.sizes).toMatchObject({ minSamples: 5, minClusterSize: 17 })
    expect(auto.chosen.sizes?.reason).toMatch(/^min cluster size 17, min samples 5\. Scaled to the 300 items/)
    expect(auto.nClusters).toBeGreaterThanOrEqual(8)
    expect(auto.noiseFraction).toBeLessThan(0.2)
    expect(auto.metrics.acc).toBeGreaterThan(0.8)
    expect(auto.warnings).toEqual([])

    const fixed = await runPipeline(matrix, groups, withCluster({ algo: 'hdbscan', minClusterSize: 100, minSamples: 25 }))
    expect(fixed.chosen.sizes).toBeUndefined()
    expect(fixed.nClusters).toBe(0)
    expect(fixed.warnings).toEqual([
      'Every one of the 300 items came out as noise, so there are no clusters to measure: lower min cluster size (now 100) or min samples (now 25), or set both to "auto".'
    ])
  })

  it('DBSCAN with its defaults is not all noise either, and keeps why it chose eps and min samples', async () => {
    const { matrix, groups } = sample()
    const r = await runPipeline(matrix, groups, withCluster({ algo: 'dbscan' }))
    expect(r.chosen.sizes).toMatchObject({ minSamples: 5, minClusterSize: null })
    expect(r.chosen.eps?.reason).toMatch(/knee of the curve of each point's distance to its k-th nearest other point \(k = min samples − 1 = 4\)/)
    expect(r.nClusters).toBeGreaterThanOrEqual(8)
    expect(r.noiseFraction).toBeLessThan(0.5)
  })

  it('K-Means keeps the reason for k and the curve’s other peaks', async () => {
    const { matrix, groups } = sample()
    const r = await runPipeline(matrix, groups, DEFAULT_PIPELINE)
    expect(r.chosen.k?.k).toBe(10)
    expect(r.chosen.k?.reason).toMatch(/^k = 10 /)
    expect(Array.isArray(r.chosen.k?.alternatives)).toBe(true)
    expect(r.metrics.acc).toBe(1)
  })
})

describe('runWarnings', () => {
  const p = (algo: PipelineParams['cluster']['algo']): PipelineParams => withCluster({ algo })
  it('says nothing of a good result', () => {
    expect(runWarnings(p('kmeans'), { n: 100, nClusters: 4, noiseFraction: 0 })).toEqual([])
    expect(runWarnings(p('dbscan'), { n: 100, nClusters: 4, noiseFraction: 0.5, eps: 0.2, minSamples: 5 })).toEqual([])
  })

  it('names the setting to change for one cluster, per algorithm', () => {
    expect(runWarnings(p('kmeans'), { n: 100, nClusters: 1, noiseFraction: 0 })).toEqual(['All the clustered items fell in one cluster: set k to the number of groups you expect.'])
    expect(runWarnings(p('dbscan'), { n: 100, nClusters: 1, noiseFraction: 0.1, eps: 0.5, minSamples: 5 })[0]).toMatch(/lower eps \(now 0\.500\)/)
    expect(runWarnings(p('hdbscan'), { n: 100, nClusters: 1, noiseFraction: 0.1, minClusterSize: 20, minSamples: 5 })[0]).toMatch(/lower min cluster size \(now 20\)/)
  })

  it('warns when most items are noise', () => {
    expect(runWarnings(p('dbscan'), { n: 100, nClusters: 3, noiseFraction: 0.62, eps: 0.1, minSamples: 25 })).toEqual([
      '62 % of the items are noise, in no cluster: raise eps (now 0.100) or lower min samples (now 25), or set eps to "auto".'
    ])
  })
})
