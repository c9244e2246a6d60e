import { describe, expect, it } from 'vitest'
import type { RunDetail, RunSettings } from '../../shared/contract'
import { cleanMetric, csvReport, htmlReport, jsonReport, readableTime, type ReportSources } from './report'

const settings: RunSettings = {
  post: '',
  reduce: { method: 'umap', nNeighbors: 15, minDist: 0, metric: 'cosine', pcaBefore: 50, clusterDims: 2 },
  cluster: { algo: 'kmeans', on: 'reduced', k: 'auto', eps: 'auto', minSamples: 'auto', minClusterSize: 'auto' },
  seed: 1
}

/** Four items in two clusters of two folders, made by hand. */
function run(over: Partial<RunDetail> = {}): RunDetail {
  return {
    id: 3, datasetId: 1, datasetName: 'shapes', featureSetId: 2, featureLabel: 'HOG size 56',
    settings, n: 4, nClusters: 2, noiseFraction: 0,
    metrics: {
      silhouette: 0.8, silhouetteSampled: false, silhouetteN: 4, silhouetteByCluster: [],
      daviesBouldin: 0.2, calinskiHarabasz: 40, acc: 1, nmi: 1, ari: 1, internalSkipped: null, externalSkipped: null
    },
    chosen: {
      k: {
        k: 2, scores: [{ k: 2, silhouette: 0.8 }, { k: 3, silhouette: 0.5 }, { k: 4, silhouette: 0.6 }],
        sampled: false, sampleSize: 4,
        reason: 'k = 2 has the highest silhouette (0.80).', alternatives: [4]
      }
    },
    timings: { UMAP: 1.5 }, notes: [], warnings: [], createdAt: '2025-01-02T03:04:05.000Z',
    itemIds: [10, 11, 12, 13], names: ['a.png', 'b.png', 'c.png', 'd.png'],
    x: [0, 0.1, 5, 5.1], y: [0, 0.2, 5, 5.2], labels: [0, 0, 1, 1], itemGroups: [0, 0, 1, 1], groups: ['discs', 'stripes'],
    clusters: [
      { label: 0, size: 2, silhouette: 0.8, representatives: [10, 11] },
      { label: 1, size: 2, silhouette: 0.8, representatives: [12, 13] }
    ],
    contingency: null,
    ...over
  }
}

const sources: ReportSources = { thumbnail: () => null, path: (id) => `folder/${id}.png` }
const oneCluster = 'All the clustered items fell in one cluster: lower eps (now 0.500) so that dense regions separate, or try HDBSCAN.'

describe('reports say how "auto" chose and what must not be missed', () => {
  it('gives the reason for k and the other peaks, and no warning box when there is nothing to warn of', async () => {
    const html = await htmlReport(run(), sources)
    expect(html).toContain('<th>k</th><td>2 (chosen by silhouette)</td>')
    expect(html).toContain('<th>Why this k</th><td>k = 2 has the highest silhouette (0.80).</td>')
    expect(html).toContain('<th>Other k worth a look</th><td>4</td>')
    expect(html).not.toContain('class="warnings"')
  })

  it('shows the feature set\'s parameters and why the app chose them, when the set still exists', async () => {
    const withSet: ReportSources = {
      ...sources,
      features: (id) => (id === 2 ? { params: 'size 56 · cell 8 · block 3', reason: 'Resized to 56 px (twice the images\' typical side of 28 px).' } : null)
    }
    const html = await htmlReport(run(), withSet)
    expect(html).toContain('<th>Features</th><td>HOG size 56: size 56 · cell 8 · block 3</td>')
    expect(html).toContain('<th>Why these features</th><td>Resized to 56 px (twice the images&#39; typical side of 28 px).</td>')
    expect(JSON.parse(jsonReport(run(), withSet))).toMatchObject({ featureParams: 'size 56 · cell 8 · block 3', featureReason: expect.stringMatching(/^Resized to 56 px/) })
    // A removed set leaves the rows out.
    expect(await htmlReport(run({ featureSetId: 9 }), withSet)).not.toContain('Why these features')
  })

  it('puts the warnings first in every format, escaped in HTML', async () => {
    const dbscan: RunSettings = { ...settings, cluster: { ...settings.cluster, algo: 'dbscan' } }
    const warned = run({
      settings: dbscan, nClusters: 1, labels: [0, 0, 0, 0],
      chosen: {
        eps: { eps: 0.5, curve: [0.1, 0.5, 2], kneeIndex: 1, sampled: false, reason: 'The knee of the 5-distance curve <at 0.500>.' },
        sizes: { minSamples: 5, minClusterSize: null, reason: 'Scaled to the 4 items: min samples 5.' }
      },
      warnings: [oneCluster]
    })
    const html = await htmlReport(warned, sources)
    const box = html.indexOf('class="warnings"')
    expect(box).toBeGreaterThan(-1)
    expect(box).toBeLessThan(html.indexOf('<h2>Settings</h2>'))
    expect(html).toContain(`<li>${oneCluster}</li>`)
    expect(html).toContain('<th>Why this eps</th><td>The knee of the 5-distance curve &#60;at 0.500&#62;.</td>')
    expect(html).toContain('<th>Min samples</th><td>5 (auto)</td>')
    expect(html).toContain('<th>Why these sizes</th><td>Scaled to the 4 items: min samples 5.</td>')
    expect(html).not.toContain('Min cluster size')

    // The CSV stays a plain table that any reader opens: header first, one row per item.
    const csv = csvReport(warned, sources).trim().split('\n')
    expect(csv[0]).toBe('item_id,path,group,cluster,x,y')
    expect(csv).toHaveLength(5)

    const json = JSON.parse(jsonReport(warned, sources)) as Record<string, unknown>
    expect(Object.keys(json)[0]).toBe('warnings')
    expect(json['warnings']).toEqual([oneCluster])
    expect(json['chosen']).toMatchObject({ sizes: { minSamples: 5 }, eps: { reason: 'The knee of the 5-distance curve <at 0.500>.' } })
  })

  it('shows the minimum sizes as typed when they were not "auto"', async () => {
    const hdbscan: RunSettings = { ...settings, cluster: { ...settings.cluster, algo: 'hdbscan', minSamples: 7, minClusterSize: 'auto' } }
    const sizes = { minSamples: 7, minClusterSize: 12, reason: 'Scaled to the 4 items.' }
    const html = await htmlReport(run({ settings: hdbscan, chosen: { sizes } }), sources)
    expect(html).toContain('<th>Min cluster size</th><td>12 (auto)</td>')
    expect(html).toContain('<th>Min samples</th><td>7</td>')
  })
})

describe('reports read as a person would write them', () => {
  it('shows a readable date, the algorithm by its name and metrics to 3 decimals', async () => {
    const noisy = run().metrics
    const html = await htmlReport(run({ metrics: { ...noisy, nmi: 1.0000000000000002, ari: 0.87654321, calinskiHarabasz: 40.123456 } }), sources)
    expect(html).toContain('2 January 2025, 03:04 UTC')
    expect(html).not.toContain('2025-01-02T03:04:05')
    expect(html).toContain('<th>Clustering</th><td>K-Means on the reduced coordinates (2-D)</td>')
    expect(html).toContain('<th>NMI (groups)</th><td>1.000</td>')
    expect(html).toContain('<th>ARI (groups)</th><td>0.877</td>')
    expect(html).toContain('<th>Calinski–Harabasz</th><td>40.123</td>')
    expect(html).not.toContain('1.0000000000000002')
    const hdbscan: RunSettings = { ...settings, cluster: { ...settings.cluster, algo: 'hdbscan' } }
    expect(await htmlReport(run({ settings: hdbscan, chosen: {} }), sources)).toContain('<td>HDBSCAN on')
  })

  it('puts a legend of cluster colours and sizes beside the map, noise included', async () => {
    const html = await htmlReport(run({ labels: [0, 0, 1, -1], clusters: [
      { label: 0, size: 2, silhouette: 0.8, representatives: [10, 11] },
      { label: 1, size: 1, silhouette: null, representatives: [12] }
    ] }), sources)
    const legend = html.slice(html.indexOf('<ul class="legend"'), html.indexOf('</ul>', html.indexOf('<ul class="legend"')))
    expect(legend).toContain('background:#4e79a7"></span>Cluster 1 <span class="muted">2</span>')
    expect(legend).toContain('background:#f28e2b"></span>Cluster 2 <span class="muted">1</span>')
    expect(legend).toContain('background:#b8bcc6"></span>Noise <span class="muted">1</span>')
    expect(html.indexOf('<ul class="legend"')).toBeGreaterThan(html.indexOf('<h2>Map</h2>'))
  })

  it('keeps JSON metrics at full precision without float noise, and scores within ±1', () => {
    const noisy = run().metrics
    const json = jsonReport(run({ metrics: { ...noisy, nmi: 1.0000000000000002, ari: -1.0000000000000004, silhouette: 0.123456789012345 } }), sources)
    expect(json).not.toContain('1.0000000000000002')
    const parsed = JSON.parse(json) as { metrics: Record<string, number> }
    expect(parsed.metrics).toMatchObject({ nmi: 1, ari: -1, silhouette: 0.123456789012 })
    expect(cleanMetric(1.5, true)).toBe(1)
    expect(cleanMetric(1234.56789012345)).toBe(1234.56789012)
    expect(cleanMetric(null)).toBeNull()
    expect(readableTime('not a date')).toBe('not a date')
  })
})
