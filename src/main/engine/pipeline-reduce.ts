/**
 * The reduction stages of a run: the 2-D layout that is shown, and the space the clustering runs
 * in when that is not the layout (UMAP with clusterDims components, PCA with clusterDims, or the
 * features). Both UMAP runs share one neighbour search, which is skipped when both come from the
 * cache.
 */
import type { PipelineParams } from './pipeline'
import { STAGE_VERSION, cachedStage, canonicalKey, type StageCache } from './pipeline-cache'
import type { StageClock } from './pipeline-stages'
import { fitTransform } from './reduce/pca'
import { umap } from './reduce/umap'
import { normaliseRows } from './reduce/umap-knn'
import { allKnn } from './search/build-index'
import type { KnnResult, Matrix } from './search/types'

export interface ReduceInput {
  features: Matrix
  params: PipelineParams
  clock: StageClock
  cache?: StageCache
  /** Identity of the input matrix; null disables the cache. */
  inputKey: string | null
  signal?: AbortSignal
}

export interface Reduced {
  layout: Float32Array
  /** Where the clustering runs. */
  space: Matrix
}

export async function reduce(input: ReduceInput): Promise<Reduced> {
  const { features, params, clock, signal } = input
  const { reduce: r, cluster } = params
  const n = features.rows
  const key = (stage: string, extra: Record<string, unknown>): string | null =>
    input.inputKey === null ? null : canonicalKey({ v: STAGE_VERSION, stage, input: input.inputKey, n, post: params.post, seed: params.seed, ...extra })

  if (r.method !== 'umap') {
    // 'none' clusters the features; its layout is still a PCA, to have something to show.
    const layout = await clock.run('layout', 'PCA layout', (progress) => pca(features, 2, progress, signal))
    if (r.method === 'none' || cluster.on === 'features') return { layout, space: features }
    if (r.clusterDims === 2) return { layout: layout, space: { data: layout, rows: n, cols: 2 } }
    const dims = Math.min(r.clusterDims, features.cols)
    const data = await clock.run('embedding', `PCA to ${dims} dimensions`, (progress) => pca(features, dims, progress, signal))
    return { layout, space: { data, rows: n, cols: dims } }
  }

  const umapKey = { method: 'umap', nNeighbors: r.nNeighbors, minDist: r.minDist, metric: r.metric, pcaBefore: r.pcaBefore }
  let prepared: { space: Matrix; knn: KnnResult } | null = null
  // The neighbour search, and the PCA before it, run only when a UMAP is not in the cache.
  const prepare = async (): Promise<{ space: Matrix; knn: KnnResult }> => {
    if (prepared) return prepared
    // Cosine: unit rows, then Euclidean; with PCA, the PCA of the unit rows.
    let space = r.metric === 'cosine' ? normaliseRows(features) : features
    if (r.pcaBefore !== null && r.pcaBefore < space.cols) {
      const components = Math.min(r.pcaBefore, n)
      const data = await clock.run('pca', `PCA to ${components} dimensions`, (progress) => pca(space, components, progress, signal))
      space = { data, rows: n, cols: components }
    }
    const knn = await clock.run('knn', 'Nearest neighbours', (progress) => allKnn(space, r.nNeighbors - 1, { signal, onProgress: progress }))
    return (prepared = { space, knn })
  }
  const runUmap = async (stage: 'layout' | 'embedding', label: string, dims: number): Promise<Float32Array> => {
    const { value, hit } = await cachedStage(input.cache, key(stage, { reduce: umapKey, dims }), n * dims, async () => {
      const { space, knn } = await prepare()
      return clock.run(stage, label, async (progress) => {
        const result = await umap(space, { nNeighbors: r.nNeighbors, minDist: r.minDist, nComponents: dims, seed: params.seed, knn, signal, onProgress: (_, done, total) => progress(done, total) })
        return result.embedding
      })
    })
    if (hit) clock.reused(stage, `${label}: reused from an earlier run with the same features and settings.`)
    return value
  }

  const layout = await runUmap('layout', 'UMAP layout', 2)
  if (cluster.on === 'features') return { layout, space: features }
  if (r.clusterDims === 2) return { layout, space: { data: layout, rows: n, cols: 2 } }
  const data = await runUmap('embedding', `UMAP to ${r.clusterDims} dimensions`, r.clusterDims)
  return { layout, space: { data, rows: n, cols: r.clusterDims } }
}

/** The first `k` principal components; a single column is padded with zeros for a 2-D layout. */
async function pca(matrix: Matrix, k: number, progress: (done: number, total: number) => void, signal?: AbortSignal): Promise<Float32Array> {
  const usable = Math.min(k, matrix.cols, matrix.rows)
  const { data } = fitTransform(matrix, { components: usable, signal, onProgress: progress })
  if (usable === k) return data
  const out = new Float32Array(matrix.rows * k)
  for (let i = 0; i < matrix.rows; i++) out.set(data.subarray(i * usable, (i + 1) * usable), i * k)
  return out
}
