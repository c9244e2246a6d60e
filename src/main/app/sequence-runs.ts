/**
 * Runs on a sequence dataset. Sequences have no feature vectors: they are clustered by edit
 * distance (engine/sequences, on the clustering thread) and kept in the run history like any
 * other run, with the chosen values, the pairs compared and a 2-D map for the workspace.
 */
import type { DatasetSummary, RunRequest, RunResult, RunSettings, SequenceSettings } from '../../shared/contract'
import { DEFAULT_PIPELINE } from '../engine/pipeline'
import { SEQUENCE_DEFAULTS } from '../engine/sequences'
import type { JobContext } from '../jobs/runner'
import { LAYOUT_MIN_DIST, LAYOUT_NEIGHBOURS } from '../jobs/sequence-layout'
import { runSequencesOnThread } from '../jobs/sequence-thread'
import { UserInputError } from './import-service'
import type { Library } from './library'

export interface SequenceRunParams {
  datasetId: number
  featureSetId: null
  settings: RunSettings & { sequences: SequenceSettings }
}

export function sequenceDefaults(): SequenceSettings {
  return { k: 'auto', jaccard: 'auto', maxDistance: SEQUENCE_DEFAULTS.maxDistance, minSamples: SEQUENCE_DEFAULTS.minSamples, method: 'dbscan' }
}

/** The request over the sequence defaults, checked; the error says which value is wrong and what to give. */
export function checkSequenceRun(lib: Library, dataset: DatasetSummary, req: RunRequest): SequenceRunParams {
  if (req.featureSetId !== undefined) {
    throw new UserInputError(`${dataset.name} holds sequences, which have no feature sets: start the run without one, and it clusters them by edit distance.`)
  }
  const s = { ...sequenceDefaults(), ...req.settings?.sequences }
  if (!(s.maxDistance > 0 && s.maxDistance < 1)) throw new UserInputError(`The largest distance is a share of the longer sequence's length, above 0 and below 1, not ${s.maxDistance}.`)
  if (s.jaccard !== 'auto' && !(s.jaccard > 0 && s.jaccard < 1)) throw new UserInputError(`The MinHash Jaccard target lies above 0 and below 1, not ${s.jaccard}; or give "auto".`)
  if (s.k !== 'auto' && !(Number.isInteger(s.k) && s.k >= 2 && s.k <= 32)) throw new UserInputError(`k takes a whole number from 2 to 32 (5 to 8 suit DNA), not ${s.k}; or give "auto".`)
  if (!(Number.isInteger(s.minSamples) && s.minSamples >= 1)) throw new UserInputError(`Min samples takes a whole number from 1, not ${s.minSamples}.`)
  const count = (lib.db.prepare("SELECT COUNT(*) AS n FROM items i JOIN sequences s ON s.item_id = i.id WHERE i.dataset_id = ? AND i.status = 'ok'").get(dataset.id) as { n: number }).n
  if (count < 3) throw new UserInputError(`${dataset.name} has ${count} sequences: clustering needs at least 3.`)
  const d = DEFAULT_PIPELINE
  // The feature settings do not apply; they record what stands in for them (a UMAP map, DBSCAN at maxDistance).
  const settings = {
    post: '',
    reduce: { ...d.reduce, method: 'umap' as const, nNeighbors: LAYOUT_NEIGHBOURS, minDist: LAYOUT_MIN_DIST, metric: 'euclidean' as const, pcaBefore: null, clusterDims: 2 },
    cluster: { ...d.cluster, algo: 'dbscan' as const, on: 'features' as const, eps: s.maxDistance, minSamples: s.minSamples },
    seed: req.settings?.seed ?? d.seed,
    sequences: s
  }
  return { datasetId: dataset.id, featureSetId: null, settings }
}

/** The job's title: what clusters the sequences. */
export function sequenceRunTitle(p: SequenceRunParams, datasetName: string): string {
  return `${p.settings.sequences.method === 'components' ? 'Connected components' : 'DBSCAN'} of the sequences of ${datasetName}`
}

export async function runSequenceCluster(ctx: JobContext, lib: Library, p: SequenceRunParams): Promise<RunResult> {
  const started = performance.now()
  ctx.progress({ phase: 'Loading sequences', done: 0, total: null })
  const rows = lib.db
    .prepare("SELECT i.id, s.residues, i.grp FROM items i JOIN sequences s ON s.item_id = i.id WHERE i.dataset_id = ? AND i.status = 'ok' ORDER BY i.id")
    .all(p.datasetId) as { id: number; residues: string; grp: string }[]
  const names = [...new Set(rows.map((r) => r.grp))].sort()
  const hasGroups = names.length > 1 || (names.length === 1 && names[0] !== '')
  const code = new Map(names.map((g, i) => [g, i]))
  const groups = hasGroups ? Int32Array.from(rows, (r) => code.get(r.grp)!) : null
  const seed = p.settings.seed
  const result = await runSequencesOnThread(rows.map((r) => r.residues), groups, p.settings.sequences, seed, {
    signal: ctx.signal,
    onStage: (phase, done, total) => ctx.progress({ phase, done, total })
  })
  const c = result.chosen
  const share = `${(100 * c.pairsFraction).toFixed(c.pairsFraction < 0.01 ? 2 : 1)} %`
  const notes = [
    `Levenshtein distances computed for ${c.pairsCompared.toLocaleString('en')} pairs, ${share} of all pairs: the MinHash candidates.`,
    ...c.reasons,
    c.layout
  ]
  const warnings: string[] = []
  if (result.nClusters === 0) warnings.push(`Every sequence is noise: raise the largest distance (now ${p.settings.sequences.maxDistance}) or lower min samples.`)
  else if (result.noiseFraction > 0.5) warnings.push(`${Math.round(100 * result.noiseFraction)} % of the sequences are noise: raise the largest distance or lower min samples to keep more.`)
  const runId = lib.runs.save({
    datasetId: p.datasetId, featureSetId: null, featureLabel: `Levenshtein on ${c.k}-mer MinHash candidates`,
    settings: p.settings, nClusters: result.nClusters, noiseFraction: result.noiseFraction, metrics: result.metrics,
    chosen: { sequences: c }, timings: result.timings, notes, warnings,
    itemIds: Int32Array.from(rows, (r) => r.id), layout: result.layout, labels: result.labels
  })
  lib.bus.emit('runs:changed', { datasetId: p.datasetId })
  const m = result.metrics
  return {
    runId, datasetId: p.datasetId, n: rows.length, nClusters: result.nClusters, noiseFraction: result.noiseFraction,
    acc: m.acc, nmi: m.nmi, silhouette: null, seconds: (performance.now() - started) / 1000
  }
}

/** Residues shown in a sequence's tile. */
export const PREVIEW_LENGTH = 60

/** The first residues of each item ('' for an item removed since), in the run's order. */
export function sequencePreviews(lib: Library, itemIds: Int32Array): string[] {
  const stmt = lib.db.prepare(`SELECT substr(residues, 1, ${PREVIEW_LENGTH}) AS head FROM sequences WHERE item_id = ?`)
  return Array.from(itemIds, (id) => (stmt.get(id) as { head: string } | undefined)?.head ?? '')
}
