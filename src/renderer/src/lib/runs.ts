import type { ChosenK, ClusterAlgo, RunSettings, RunSummary } from '../../../shared/contract'
import { formatCount, formatPercent, formatSeconds } from './format'

export const ALGO_LABELS: Record<ClusterAlgo, string> = { kmeans: 'K-Means', dbscan: 'DBSCAN', hdbscan: 'HDBSCAN' }

/** "UMAP 15 neighbours · min_dist 0.1 · cosine · PCA 50 first · 2 dims", "PCA 10 dims", "none"; a sequence run's own map. */
export function reductionLine(settings: RunSettings): string {
  // A sequence run's map comes from the pairs it compared, not from reduced features.
  if (settings.sequences) return 'map: UMAP of the nearest compared relatives'
  const r = settings.reduce
  switch (r.method) {
    case 'none':
      return 'none'
    case 'pca':
      return `PCA ${r.clusterDims} dims`
    case 'umap': {
      const parts = [`UMAP ${r.nNeighbors} neighbours`, `min_dist ${r.minDist}`, r.metric]
      if (r.pcaBefore !== null) parts.push(`PCA ${r.pcaBefore} first`)
      parts.push(`${r.clusterDims} dims`)
      return parts.join(' · ')
    }
  }
}

/** A value the engine may have chosen itself: "auto → 4" when it did, the number when the user gave one. */
function autoValue(given: number | 'auto', chosen: number | undefined, digits: number): string {
  if (given !== 'auto') return String(given)
  return chosen === undefined ? 'auto' : `auto → ${digits > 0 ? chosen.toFixed(digits) : chosen}`
}

/** A minimum size the engine may have scaled to the data: "5 (auto)" when it did, the number when the user gave one. */
function sizeValue(given: number | 'auto', chosen: number | null | undefined): string {
  if (given !== 'auto') return String(given)
  return chosen === undefined || chosen === null ? 'auto' : `${chosen} (auto)`
}

/**
 * The algorithm and the parameters that matter for it: "K-Means k auto → 4",
 * "DBSCAN eps 0.5 · min samples 5", "HDBSCAN min cluster size 12 (auto) · min samples 5 (auto)".
 */
export function algoLine(run: Pick<RunSummary, 'settings' | 'chosen'>): string {
  const seq = run.settings.sequences
  if (seq) {
    const k = `k-mers of ${run.chosen.sequences?.k ?? seq.k}`
    return seq.method === 'components'
      ? `Connected components · largest distance ${seq.maxDistance} · ${k}`
      : `DBSCAN · largest distance ${seq.maxDistance} · min samples ${seq.minSamples} · ${k}`
  }
  const c = run.settings.cluster
  const sizes = run.chosen.sizes
  const minSamples = `min samples ${sizeValue(c.minSamples, sizes?.minSamples)}`
  const params: string[] = []
  if (c.algo === 'kmeans') params.push(`k ${autoValue(c.k, run.chosen.k?.k, 0)}`)
  if (c.algo === 'dbscan') params.push(`eps ${autoValue(c.eps, run.chosen.eps?.eps, 3)}`, minSamples)
  if (c.algo === 'hdbscan') params.push(`min cluster size ${sizeValue(c.minClusterSize, sizes?.minClusterSize)}`, minSamples)
  if (c.on === 'features' && run.settings.reduce.method !== 'none') params.push('on features')
  return `${ALGO_LABELS[c.algo]} ${params.join(' · ')}`
}

/** A metric to three decimals; one that does not apply reads as a dash. */
export function formatMetric(value: number | null): string {
  return value === null ? '—' : value.toFixed(3)
}

export function totalSeconds(timings: Readonly<Record<string, number>>): number {
  return Object.values(timings).reduce((sum, s) => sum + s, 0)
}

/** Stage times in the order they ran: "UMAP 3.1 s · K-Means 0.2 s". */
export function timingsLine(timings: Readonly<Record<string, number>>): string {
  const parts = Object.entries(timings).map(([stage, seconds]) => `${stage} ${formatSeconds(seconds)}`)
  return parts.length > 0 ? parts.join(' · ') : '—'
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date)
}

/** "3 clusters", or "3 clusters + 12% noise" for density algorithms that leave points out. */
export function clustersLine(run: Pick<RunSummary, 'nClusters' | 'noiseFraction'>): string {
  const clusters = `${formatCount(run.nClusters)} ${run.nClusters === 1 ? 'cluster' : 'clusters'}`
  return run.noiseFraction > 0 ? `${clusters} + ${formatPercent(run.noiseFraction)} noise` : clusters
}

/** The settings of a run again, with only k changed: what "Try k = N" starts. */
export function withK(settings: RunSettings, k: number): RunSettings {
  return { ...settings, reduce: { ...settings.reduce }, cluster: { ...settings.cluster, algo: 'kmeans', k } }
}

/** Where the silhouette curve marks the chosen k and the alternatives, as [k, silhouette]; a k not on the curve is left out. */
export function kMarks(chosen: ChosenK): { chosen: [number, number] | null; alternatives: [number, number][] } {
  const at = (k: number): [number, number] | null => {
    const score = chosen.scores.find((s) => s.k === k)
    return score ? [k, score.silhouette] : null
  }
  const alternatives = (chosen.alternatives ?? []).map(at).filter((p): p is [number, number] => p !== null)
  return { chosen: at(chosen.k), alternatives }
}
