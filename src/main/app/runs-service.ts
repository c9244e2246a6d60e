import type { ClusterCard, JobOf, RunDetail, RunRequest, RunResult, RunSettings } from '../../shared/contract'
import { DEFAULT_PIPELINE, type PipelineResult } from '../engine/pipeline'
import { runPipelineOnThread } from '../jobs/cluster-thread'
import { parsePostSteps } from '../engine/post'
import type { JobContext } from '../jobs/runner'
import { UserInputError } from './import-service'
import { NotFoundError } from './errors'
import { canonicalJson } from './canonical-json'
import { methodLabel } from './features-service'
import type { Library } from './library'
import { editedClusters } from './edits-service'
import { checkSequenceRun, runSequenceCluster, sequenceDefaults, sequencePreviews, sequenceRunTitle, type SequenceRunParams } from './sequence-runs'

/** Items per cluster card offered as the most representative. */
const REPRESENTATIVES = 24

/** The defaults of a run; `sequences` holds those of a sequence dataset's run. */
export function defaultSettings(): RunSettings {
  return { ...(structuredClone(DEFAULT_PIPELINE) as RunSettings), sequences: sequenceDefaults() }
}

type RunParams = { datasetId: number; featureSetId: number; settings: RunSettings } | SequenceRunParams

/** The request over the defaults, checked; the error says which setting is wrong and why. */
export function checkRunRequest(lib: Library, req: RunRequest): RunParams {
  const dataset = lib.datasets.get(req.datasetId)
  if (!dataset) throw new NotFoundError(`There is no dataset ${req.datasetId}; it may have been removed.`)
  // Sequences are clustered by edit distance, without a feature set.
  if (dataset.kind === 'sequences') return checkSequenceRun(lib, dataset, req)
  if (req.featureSetId === undefined) throw new UserInputError(`Choose a feature set of ${dataset.name} to cluster; "features" lists them.`)
  const set = lib.featureSets.get(req.featureSetId)
  if (!set || set.datasetId !== dataset.id) throw new UserInputError(`Feature set ${req.featureSetId} does not belong to ${dataset.name}: choose one of its own.`)
  if (!set.complete) {
    throw new UserInputError(`The ${methodLabel(set.method)} features of ${dataset.name} are incomplete (${set.vectorCount} of ${set.eligibleCount}): compute the rest first.`)
  }
  const d = defaultSettings()
  const s = req.settings ?? {}
  const settings: RunSettings = {
    post: s.post ?? d.post,
    reduce: { ...d.reduce, ...s.reduce },
    cluster: { ...d.cluster, ...s.cluster },
    seed: s.seed ?? d.seed
  }
  try {
    parsePostSteps(settings.post)
  } catch (err) {
    throw new UserInputError((err as Error).message)
  }
  const { reduce, cluster } = settings
  if (set.vectorCount < 3) throw new UserInputError(`${dataset.name} has ${set.vectorCount} items with features: clustering needs at least 3.`)
  if (reduce.method === 'umap' && reduce.nNeighbors >= set.vectorCount) {
    throw new UserInputError(`UMAP's neighbours (${reduce.nNeighbors}) must be fewer than the items (${set.vectorCount}): lower it.`)
  }
  if (typeof cluster.k === 'number' && cluster.k > set.vectorCount) {
    throw new UserInputError(`k = ${cluster.k} is more than the ${set.vectorCount} items: lower it, or choose "auto".`)
  }
  return { datasetId: dataset.id, featureSetId: set.id, settings }
}

export function createRunJob(lib: Library, p: ReturnType<typeof checkRunRequest>): JobOf<'cluster'> {
  const dataset = lib.datasets.get(p.datasetId)!
  if (p.featureSetId === null) return lib.jobs.create('cluster', sequenceRunTitle(p, dataset.name), dataset.id, p)
  const algo = { kmeans: 'K-Means', dbscan: 'DBSCAN', hdbscan: 'HDBSCAN' }[p.settings.cluster.algo]
  return lib.jobs.create('cluster', `${algo} of ${dataset.name}`, dataset.id, p)
}

function featureLabel(lib: Library, featureSetId: number, post: string): string {
  const set = lib.featureSets.get(featureSetId)!
  const parts = [methodLabel(set.method)]
  if (set.post) parts.push(set.post)
  if (post) parts.push(post)
  return parts.join(' + ')
}

/** Path and group of each row's item, read in one pass ('' for an item removed since). */
function itemsOf(lib: Library, itemIds: Int32Array): { paths: string[]; groups: string[] } {
  const stmt = lib.db.prepare('SELECT rel_path AS path, grp FROM items WHERE id = ?')
  const paths: string[] = []
  const groups: string[] = []
  for (const id of itemIds) {
    const row = stmt.get(id) as { path: string; grp: string } | undefined
    paths.push(row?.path ?? '(removed item)')
    groups.push(row?.grp ?? '')
  }
  return { paths, groups }
}

/** Group index of each row (null when the dataset has no groups), and the group names. */
function groupsOf(itemGroups: readonly string[]): { codes: Int32Array | null; names: string[]; index: Int32Array } {
  const names = [...new Set(itemGroups)].sort()
  const code = new Map(names.map((n, i) => [n, i]))
  const index = Int32Array.from(itemGroups, (g) => code.get(g)!)
  const hasGroups = names.length > 1 || (names.length === 1 && names[0] !== '')
  return { codes: hasGroups ? index : null, names, index }
}

/** Runs the pipeline over a complete feature set and keeps the run as history. */
export async function runCluster(ctx: JobContext, lib: Library, p: ReturnType<typeof checkRunRequest>): Promise<RunResult> {
  if (p.featureSetId === null) return runSequenceCluster(ctx, lib, p)
  const started = performance.now()
  ctx.progress({ phase: 'Loading features', done: 0, total: null })
  const matrix = lib.featureSets.loadMatrix(p.featureSetId)
  const set = lib.featureSets.get(p.featureSetId)!
  const groups = groupsOf(itemsOf(lib, matrix.itemIds).groups)
  const inputKey = canonicalJson({ featureSet: set.id, updatedAt: set.updatedAt, n: matrix.rows })
  // On its own thread: minutes of UMAP must not hold up the window. The values go with it.
  const result: PipelineResult = await runPipelineOnThread(matrix, groups.codes, p.settings, {
    signal: ctx.signal,
    onStage: (stage, done, total) => ctx.progress({ phase: stage, done, total }),
    inputKey,
    workers: lib.workers,
    cache: {
      get: (key) => lib.stageCache.get(key),
      set: (key, value) => lib.stageCache.set(p.datasetId, key, value)
    }
  })
  const m = result.metrics
  const runId = lib.runs.save({
    datasetId: p.datasetId, featureSetId: p.featureSetId, featureLabel: featureLabel(lib, p.featureSetId, p.settings.post),
    settings: p.settings, nClusters: result.nClusters, noiseFraction: result.noiseFraction,
    metrics: {
      silhouette: m.silhouette, silhouetteSampled: m.silhouetteSampled, silhouetteN: m.silhouetteN,
      silhouetteByCluster: m.silhouetteByCluster ?? [], daviesBouldin: m.daviesBouldin,
      calinskiHarabasz: m.calinskiHarabasz, acc: m.acc, nmi: m.nmi, ari: m.ari,
      internalSkipped: m.internalSkipped, externalSkipped: m.externalSkipped
    },
    chosen: result.chosen, timings: result.timings, notes: result.notes, warnings: result.warnings,
    itemIds: matrix.itemIds, layout: result.layout, labels: result.labels
  })
  lib.bus.emit('runs:changed', { datasetId: p.datasetId })
  return {
    runId, datasetId: p.datasetId, n: matrix.rows, nClusters: result.nClusters, noiseFraction: result.noiseFraction,
    acc: m.acc, nmi: m.nmi, silhouette: m.silhouette, seconds: (performance.now() - started) / 1000
  }
}

/** A stored run as the workspace shows it, rebuilt from its arrays exactly as it was. */
export function runDetail(lib: Library, id: number): RunDetail {
  const summary = lib.runs.get(id)
  const arrays = lib.runs.arrays(id)
  if (!summary || !arrays) throw new NotFoundError(`There is no run ${id}; it may have been deleted.`)
  const { itemIds, layout } = arrays
  // The clusters as the user's edits left them, with the names given them.
  const { labels, meta } = editedClusters(lib, id, arrays.labels)
  const n = itemIds.length
  const items = itemsOf(lib, itemIds)
  const names = items.paths.map((path) => path.slice(path.lastIndexOf('/') + 1))
  const groups = groupsOf(items.groups)
  const x = new Array<number>(n)
  const y = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    x[i] = layout[2 * i]!
    y[i] = layout[2 * i + 1]!
  }
  const silhouettes = new Map(summary.metrics.silhouetteByCluster.map((s) => [s.cluster, s.mean]))
  // A cluster the edits changed has no silhouette of its own any more: the run measured another one.
  labels.forEach((l, i) => {
    if (l === arrays.labels[i]) return
    silhouettes.delete(l)
    silhouettes.delete(arrays.labels[i]!)
  })
  return {
    ...summary, itemIds: [...itemIds], names, x, y, labels: [...labels], itemGroups: [...groups.index], groups: groups.names,
    clusters: clusterCards(itemIds, layout, labels, silhouettes).map((c) => ({ ...c, meta: meta.get(c.label) ?? null })),
    contingency: contingencyOf(labels, groups.codes, groups.names),
    ...(summary.settings.sequences ? { previews: sequencePreviews(lib, itemIds) } : {})
  }
}

/** One card per cluster (noise last): its size, silhouette, and the items nearest its centre in the layout. */
export function clusterCards(itemIds: Int32Array, layout: Float32Array, labels: Int32Array, silhouettes: Map<number, number>): ClusterCard[] {
  const members = new Map<number, number[]>()
  labels.forEach((l, i) => {
    let list = members.get(l)
    if (!list) members.set(l, (list = []))
    list.push(i)
  })
  const order = [...members.keys()].sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b))
  return order.map((label) => {
    const idx = members.get(label)!
    let cx = 0
    let cy = 0
    for (const i of idx) {
      cx += layout[2 * i]!
      cy += layout[2 * i + 1]!
    }
    cx /= idx.length
    cy /= idx.length
    const nearest = idx
      .map((i) => ({ i, d: (layout[2 * i]! - cx) ** 2 + (layout[2 * i + 1]! - cy) ** 2 }))
      .sort((a, b) => a.d - b.d || a.i - b.i)
      .slice(0, REPRESENTATIVES)
    return { label, size: idx.length, silhouette: silhouettes.get(label) ?? null, representatives: nearest.map((e) => itemIds[e.i]!) }
  })
}

function contingencyOf(labels: Int32Array, groups: Int32Array | null, names: string[]): RunDetail['contingency'] {
  if (!groups) return null
  const clusters = [...new Set(labels)].sort((a, b) => a - b)
  const row = new Map(clusters.map((c, i) => [c, i]))
  const table = new Array<number>(clusters.length * names.length).fill(0)
  labels.forEach((l, i) => table[row.get(l)! * names.length + groups[i]!]!++)
  return { clusters, groups: names, table }
}
