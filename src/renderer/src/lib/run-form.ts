import type { ClusterAlgo, ReduceMethod, RunSettings } from '../../../shared/contract'
import { formatCount } from './format'
import { sequenceDraftFrom, type SequenceDraft } from './sequence-form'

/**
 * The run panel's fields as typed. Number fields read as null while empty; k, eps and the minimum
 * sizes are text because "auto" is as valid an answer as a number. `settingsFrom` turns a draft into settings.
 */
export interface RunDraft {
  post: string
  reduceMethod: ReduceMethod
  nNeighbors: number | null
  minDist: number | null
  metric: RunSettings['reduce']['metric']
  /** Empty: UMAP reads the features as they are. */
  pcaBefore: number | null
  clusterDims: number | null
  algo: ClusterAlgo
  on: RunSettings['cluster']['on']
  k: string
  eps: string
  minSamples: string
  minClusterSize: string
  seed: number | null
  /** A sequence dataset's own fields (null when the settings hold none). */
  sequences: SequenceDraft | null
}

export function draftFrom(settings: RunSettings): RunDraft {
  const { reduce, cluster } = settings
  return {
    post: settings.post,
    reduceMethod: reduce.method,
    nNeighbors: reduce.nNeighbors,
    minDist: reduce.minDist,
    metric: reduce.metric,
    pcaBefore: reduce.pcaBefore,
    clusterDims: reduce.clusterDims,
    algo: cluster.algo,
    on: cluster.on,
    k: String(cluster.k),
    eps: String(cluster.eps),
    minSamples: String(cluster.minSamples),
    minClusterSize: String(cluster.minClusterSize),
    seed: settings.seed,
    sequences: settings.sequences ? sequenceDraftFrom(settings.sequences) : null
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string }

/** A whole number from `min` to `max`; the problem names the field as the panel labels it. */
export function checkInt(name: string, value: number | null | undefined, min: number, max: number): Checked<number> {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return { ok: false, problem: `${name} takes a whole number from ${formatCount(min)} to ${formatCount(max)}.` }
  }
  return { ok: true, value }
}

/** "auto" (any case, surrounding spaces allowed) or what `parse` accepts. */
function checkAuto(text: string, parse: (text: string) => Checked<number>): Checked<number | 'auto'> {
  const t = text.trim().toLowerCase()
  return t === 'auto' ? { ok: true, value: 'auto' } : parse(t)
}

export function checkEps(text: string): Checked<number | 'auto'> {
  return checkAuto(text, (t) => {
    const eps = t === '' ? Number.NaN : Number(t)
    if (!Number.isFinite(eps) || eps <= 0) return { ok: false, problem: 'eps takes a distance above 0 (such as 0.5), or "auto".' }
    return { ok: true, value: eps }
  })
}

/** A whole number from `min` to `max` typed as text, or "auto"; the problem names the field. */
function checkAutoInt(name: string, text: string, min: number, max: number): Checked<number | 'auto'> {
  return checkAuto(text, (t) => {
    const value = /^\d+$/.test(t) ? Number(t) : Number.NaN
    if (value >= min && value <= max) return { ok: true, value }
    return { ok: false, problem: `${name} takes a whole number from ${formatCount(min)} to ${formatCount(max)}, or "auto".` }
  })
}

export function checkK(text: string): Checked<number | 'auto'> {
  return checkAutoInt('k', text, 2, 1000)
}

/** DBSCAN and HDBSCAN: "auto" scales it with the number of items. */
export function checkMinSamples(text: string): Checked<number | 'auto'> {
  return checkAutoInt('Min samples', text, 1, 1000)
}

/** HDBSCAN: "auto" scales it with the number of items. */
export function checkMinClusterSize(text: string): Checked<number | 'auto'> {
  return checkAutoInt('Min cluster size', text, 2, 100_000)
}

/**
 * The settings a draft stands for, or the first problem with it. The ranges are the engine's own,
 * checked here so the panel can say which field is wrong before a job is made. Fields that the chosen
 * method or algorithm does not use are kept as typed but not checked, so a half-typed one cannot block a run.
 */
export function settingsFrom(draft: RunDraft, defaults: RunSettings): Checked<RunSettings> {
  const fail = (problem: string): Checked<RunSettings> => ({ ok: false, problem })
  const umap = draft.reduceMethod === 'umap'
  const reduced = draft.reduceMethod !== 'none'
  const reduce = { ...defaults.reduce, method: draft.reduceMethod, metric: draft.metric }
  const cluster = { ...defaults.cluster, algo: draft.algo, on: reduced ? draft.on : ('features' as const) }

  if (umap) {
    const n = checkInt('Neighbours', draft.nNeighbors, 2, 200)
    if (!n.ok) return fail(n.problem)
    reduce.nNeighbors = n.value
    const minDist = draft.minDist
    if (typeof minDist !== 'number' || !(minDist >= 0 && minDist <= 1)) return fail('min_dist takes a number from 0 to 1.')
    reduce.minDist = minDist
    if (draft.pcaBefore !== null) {
      const pca = checkInt('PCA first', draft.pcaBefore, 2, 4096)
      if (!pca.ok) return fail(`${pca.problem} Leave it empty to skip it.`)
      reduce.pcaBefore = pca.value
    } else {
      reduce.pcaBefore = null
    }
  }
  if (reduced) {
    const dims = checkInt('Cluster dims', draft.clusterDims, 2, 64)
    if (!dims.ok) return fail(dims.problem)
    reduce.clusterDims = dims.value
  }

  if (draft.algo === 'kmeans') {
    const k = checkK(draft.k)
    if (!k.ok) return fail(k.problem)
    cluster.k = k.value
  }
  if (draft.algo === 'dbscan') {
    const eps = checkEps(draft.eps)
    if (!eps.ok) return fail(eps.problem)
    cluster.eps = eps.value
  }
  if (draft.algo === 'hdbscan') {
    const size = checkMinClusterSize(draft.minClusterSize)
    if (!size.ok) return fail(size.problem)
    cluster.minClusterSize = size.value
  }
  if (draft.algo !== 'kmeans') {
    const samples = checkMinSamples(draft.minSamples)
    if (!samples.ok) return fail(samples.problem)
    cluster.minSamples = samples.value
  }

  const seed = checkInt('Seed', draft.seed, 0, 2 ** 32 - 1)
  if (!seed.ok) return fail(seed.problem)
  return { ok: true, value: { post: draft.post.trim(), reduce, cluster, seed: seed.value } }
}
