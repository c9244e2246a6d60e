import { describe, expect, it } from 'vitest'
import { embedLine, formatPercent, runLine, summaryLine, trainLine } from './format'

describe('formatPercent', () => {
  it('keeps one decimal below 10% so a small share does not read as nothing', () => {
    expect(formatPercent(0)).toBe('0%')
    expect(formatPercent(0.004)).toBe('0.4%')
    expect(formatPercent(0.5)).toBe('50%')
    expect(formatPercent(1)).toBe('100%')
  })
})

describe('runLine', () => {
  const result = { runId: 1, datasetId: 1, n: 60, nClusters: 3, noiseFraction: 0, acc: 1, nmi: 1, silhouette: 0.8, seconds: 2.25 }

  it('sums up a finished run for the job bar', () => {
    expect(runLine(result)).toBe('3 clusters of 60 items in 2.3 s')
    expect(runLine({ ...result, nClusters: 1, noiseFraction: 0.05 })).toBe('1 cluster of 60 items · 5.0% noise in 2.3 s')
  })
})

describe('summaryLine', () => {
  const summary = { datasetId: 1, found: 70000, processed: 70000, unchanged: 0, ok: 70000, partial: 0, errors: 0, duplicates: 0, missing: 0, skipped: [], seconds: 10 }

  it('names the items by what the dataset holds', () => {
    expect(summaryLine(summary)).toBe('70,000 images read · no errors in 10 s')
    expect(summaryLine({ ...summary, kind: 'vectors' })).toBe('70,000 rows read · no errors in 10 s')
    expect(summaryLine({ ...summary, kind: 'sequences', processed: 1, errors: 2 })).toBe('1 sequence read · 2 errors in 10 s')
  })
})

describe('trainLine and embedLine', () => {
  const backend = { name: 'cpu' as const, device: 'CPU (JS)', skipped: [] }
  it('says the epochs, the best one, the backend and how it stopped', () => {
    expect(trainLine({ modelId: 1, datasetId: 1, featureSetId: 3, epochs: 20, bestEpoch: 17, stopped: 'done', backend, seconds: 123 })).toBe('20 epochs (best 17) on cpu in 2 min 3 s')
    expect(trainLine({ modelId: 1, datasetId: 1, featureSetId: 3, epochs: 1, bestEpoch: null, stopped: 'early', backend, seconds: 4.25 })).toBe('1 epoch on cpu in 4.3 s, stopped early')
  })
  it('counts vectors, values and failures', () => {
    expect(embedLine({ modelId: null, datasetId: 1, featureSetId: 4, vectors: 1797, failed: 2, dimension: 64, seconds: 4.1, warning: null })).toBe('1,797 vectors of 64 values · 2 failed in 4.1 s')
    expect(embedLine({ modelId: 2, datasetId: 1, featureSetId: 4, vectors: 1, failed: 0, dimension: 10, seconds: 0.05, warning: null })).toBe('1 vector of 10 values in under 0.1 s')
  })
})
