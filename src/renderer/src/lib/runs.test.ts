import { describe, expect, it } from 'vitest'
import type { RunSettings } from '../../../shared/contract'
import { algoLine, clustersLine, formatMetric, kMarks, reductionLine, timingsLine, totalSeconds, withK } from './runs'

const settings: RunSettings = {
  post: '',
  reduce: { method: 'umap', nNeighbors: 15, minDist: 0.1, metric: 'cosine', pcaBefore: 50, clusterDims: 2 },
  cluster: { algo: 'kmeans', on: 'reduced', k: 'auto', eps: 'auto', minSamples: 5, minClusterSize: 10 },
  seed: 1
}
const withCluster = (cluster: Partial<RunSettings['cluster']>): RunSettings => ({ ...settings, cluster: { ...settings.cluster, ...cluster } })

describe('run descriptions', () => {
  it('describes each reduction with the parameters it uses', () => {
    expect(reductionLine(settings)).toBe('UMAP 15 neighbours · min_dist 0.1 · cosine · PCA 50 first · 2 dims')
    expect(reductionLine({ ...settings, reduce: { ...settings.reduce, method: 'pca', clusterDims: 10 } })).toBe('PCA 10 dims')
    expect(reductionLine({ ...settings, reduce: { ...settings.reduce, method: 'none' } })).toBe('none')
  })

  it('shows what "auto" chose, and the parameters of each algorithm', () => {
    expect(algoLine({ settings, chosen: { k: { k: 4, scores: [], sampled: false, sampleSize: 60 } } })).toBe('K-Means k auto → 4')
    expect(algoLine({ settings: withCluster({ k: 6 }), chosen: {} })).toBe('K-Means k 6')
    expect(
      algoLine({ settings: withCluster({ algo: 'dbscan' }), chosen: { eps: { eps: 0.4321, curve: [], kneeIndex: 0, sampled: false } } })
    ).toBe('DBSCAN eps auto → 0.432 · min samples 5')
    expect(algoLine({ settings: withCluster({ algo: 'hdbscan', on: 'features' }), chosen: {} })).toBe(
      'HDBSCAN min cluster size 10 · min samples 5 · on features'
    )
  })

  it('prints the minimum sizes "auto" chose as the value it chose', () => {
    const auto = { minSamples: 'auto', minClusterSize: 'auto' } as const
    const sizes = { minSamples: 5, minClusterSize: 12, reason: 'Scaled to the 1,200 items.' }
    expect(algoLine({ settings: withCluster({ algo: 'hdbscan', ...auto }), chosen: { sizes } })).toBe(
      'HDBSCAN min cluster size 12 (auto) · min samples 5 (auto)'
    )
    expect(
      algoLine({
        settings: withCluster({ algo: 'dbscan', eps: 0.5, ...auto }),
        chosen: { sizes: { ...sizes, minClusterSize: null } }
      })
    ).toBe('DBSCAN eps 0.5 · min samples 5 (auto)')
    // A run stored without what was chosen still says it was automatic.
    expect(algoLine({ settings: withCluster({ algo: 'hdbscan', minSamples: 'auto' }), chosen: {} })).toBe(
      'HDBSCAN min cluster size 10 · min samples auto'
    )
  })

  it('changes only k for "Try k = N", and marks the chosen k and the alternatives on the curve', () => {
    const tried = withK(withCluster({ minSamples: 'auto' }), 5)
    expect(tried).toEqual({ ...settings, cluster: { ...settings.cluster, minSamples: 'auto', k: 5 } })
    expect(settings.cluster.k).toBe('auto')
    const scores = [2, 3, 4, 5].map((k) => ({ k, silhouette: k / 10 }))
    expect(kMarks({ k: 3, scores, sampled: false, sampleSize: 40, alternatives: [5, 9] })).toEqual({
      chosen: [3, 0.3],
      alternatives: [[5, 0.5]]
    })
    expect(kMarks({ k: 4, scores, sampled: false, sampleSize: 40 })).toEqual({ chosen: [4, 0.4], alternatives: [] })
  })

  it('gives metrics three decimals and a dash when they do not apply', () => {
    expect(formatMetric(0.87654)).toBe('0.877')
    expect(formatMetric(null)).toBe('—')
  })

  it('adds noise to the cluster count only when there is some', () => {
    expect(clustersLine({ nClusters: 3, noiseFraction: 0 })).toBe('3 clusters')
    expect(clustersLine({ nClusters: 1, noiseFraction: 0.125 })).toBe('1 cluster + 13% noise')
    expect(clustersLine({ nClusters: 2, noiseFraction: 0.042 })).toBe('2 clusters + 4.2% noise')
  })

  it('sums and lists the stage times', () => {
    const timings = { UMAP: 2.5, 'K-Means': 0.5 }
    expect(totalSeconds(timings)).toBe(3)
    expect(timingsLine(timings)).toBe('UMAP 2.5 s · K-Means 0.5 s')
  })
})
