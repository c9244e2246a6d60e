import { describe, expect, it } from 'vitest'
import type { RunSettings } from '../../../shared/contract'
import { algoLine, clustersLine, formatMetric, reductionLine, timingsLine, totalSeconds } from './runs'

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
