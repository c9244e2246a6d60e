/**
 * The compute of a sequence run, with no database: clusterSequences on the sequences, the metrics
 * against the groups, and the 2-D map. It runs on the clustering thread (cluster.worker.ts).
 */
import type { ChosenSequences, RunMetrics, SequenceSettings } from '../../shared/contract'
import { accuracy, ari, nmi } from '../engine/metrics'
import { clusterSequences } from '../engine/sequences'
import { sequenceLayout } from './sequence-layout'

export interface SequenceWorkResult {
  labels: Int32Array
  layout: Float32Array
  nClusters: number
  noiseFraction: number
  metrics: RunMetrics
  chosen: ChosenSequences
  timings: Record<string, number>
}

export interface SequenceWork {
  signal?: AbortSignal
  onStage?: (stage: string, done: number, total: number | null) => void
}

const INTERNAL_SKIPPED = 'Silhouette, Davies–Bouldin and Calinski–Harabasz need coordinates; sequences have only edit distances to their compared relatives.'

export async function runSequenceWork(
  sequences: readonly string[], groups: Int32Array | null, settings: SequenceSettings, seed: number, work: SequenceWork = {}
): Promise<SequenceWorkResult> {
  const { signal, onStage } = work
  const clusters = clusterSequences(sequences, {
    k: settings.k === 'auto' ? undefined : settings.k,
    jaccard: settings.jaccard === 'auto' ? undefined : settings.jaccard,
    maxDistance: settings.maxDistance,
    minSamples: settings.minSamples,
    method: settings.method,
    seed,
    signal,
    onProgress: (done, total) => onStage?.('MinHash, Levenshtein and clustering', done, total)
  })
  const labels = clusters.labels
  const n = labels.length
  const noise = labels.reduce((s, l) => s + (l < 0 ? 1 : 0), 0)
  const started = performance.now()
  onStage?.('Map of the sequences', 0, null)
  const { layout, how } = await sequenceLayout(sequences, clusters, { seed, signal, onProgress: (done, total) => onStage?.('Map of the sequences', done, total) })
  const layoutSeconds = (performance.now() - started) / 1000

  const external = groups !== null && clusters.nClusters > 0
  const metrics: RunMetrics = {
    silhouette: null, silhouetteSampled: false, silhouetteN: 0, silhouetteByCluster: [], daviesBouldin: null, calinskiHarabasz: null,
    acc: external ? accuracy(labels, groups).acc : null,
    nmi: external ? nmi(labels, groups) : null,
    ari: external ? ari(labels, groups) : null,
    internalSkipped: INTERNAL_SKIPPED,
    externalSkipped: !groups
      ? 'No known groups: the sequences have no group to compare the clusters with (a group=… token in a FASTA header gives one).'
      : clusters.nClusters === 0
        ? 'No clusters: every sequence is noise, so there is nothing to compare with the groups.'
        : null
  }
  const { k, hashes, bands, rows, jaccard, pairsCompared, pairsFraction, edges, duplicates, reasons } = clusters
  return {
    labels, layout, nClusters: clusters.nClusters, noiseFraction: n === 0 ? 0 : noise / n, metrics,
    chosen: { k, hashes, bands, rows, jaccard, pairsCompared, pairsFraction, edges, duplicates, reasons, layout: how },
    timings: { clustering: clusters.seconds, layout: layoutSeconds }
  }
}
