/**
 * `cluster`: clustering quality, time and memory on the product's own path. A labelled image set
 * (`--data`, see bench/datasets) is written once as a folder of image files, one sub-folder per
 * group; each run imports it into a fresh library with the app's import service (the import
 * computes its default features on the way, as in the app), then clusters it exactly as the app's
 * *Start* button and `likeness cluster <dataset>` do when the user changes nothing: the default
 * feature set (`defaultFeatureSet`) and the default settings (`checkRunRequest` with no settings).
 * The groups are used for nothing but scoring.
 *
 * Rows, product path first (`"path": "product"`):
 *   - the default run (K-Means, k chosen), the headline;
 *   - HDBSCAN and DBSCAN, each with the defaults the app gives when the user picks it;
 * then, at up to 20,000 images, other settings a user could choose, labelled `"path": "tuned"`:
 *   - the same run on other feature sets: pixels, the default HOG without its colour value, HOG at the fixed 128-pixel settings made for
 *     photos (the import's default before defaults followed the images), HOG at 56 px / 8-pixel
 *     cells / 3 × 3 blocks (the settings this benchmark once computed for itself on MNIST);
 *   - K-Means on the raw pixels with k = the number of groups, the classic baseline.
 * The runs of one feature set share its layout through the library's stage cache, as the app's
 * runs do; `end_to_end_seconds` counts the import and each stage once, whichever run paid for it.
 */
import { join } from 'node:path'
import { Library } from '../src/main/app/library'
import { createImportJob } from '../src/main/app/import-service'
import { checkFeaturesRequest, createFeaturesJob, defaultFeatureSet, featureSetsOf, toFeatureSetInfo } from '../src/main/app/features-service'
import { checkRunRequest, createRunJob, runDetail } from '../src/main/app/runs-service'
import { launchFeatures, launchImport, launchRun } from '../src/main/app/services'
import type { DatasetSummary, FeatureSetInfo, RunRequest } from '../src/shared/contract'
import { BenchUsageError, RssSampler, collectGarbage, machine, progress, removeDir, round, tempDir, type BenchArgs } from './harness'
import { DATASET_NAMES, isDatasetName, labelledFolder } from './datasets'
import { HOG_PARAMS } from './mnist'

/** Past this many images only the product rows run: the others would each cost another UMAP. */
const TUNED_UP_TO = 20_000

type Settings = NonNullable<RunRequest['settings']>

interface Row {
  path: 'product' | 'tuned'
  method: string
  features: string
  setting: string
  acc: number | null
  nmi: number | null
  ari: number | null
  silhouette: number | null
  k_chosen: number | null
  n_clusters: number
  noise_fraction: number
  seconds: Record<string, number>
  run_seconds: number
  end_to_end_seconds: number
  peak_rss_mb: number
  chosen_reason?: string
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const name = args.data ?? 'mnist'
  if (!isDatasetName(name)) throw new BenchUsageError(`There is no data set "${name}" for the cluster benchmark: use one of ${DATASET_NAMES.join(', ')}.`)
  const folder = await labelledFolder(name, args.size, args.seed, args.fresh)
  progress(`data: ${folder.description} in ${folder.dir}`)

  const dir = await tempDir('cluster')
  const lib = new Library(join(dir, 'library.sqlite'), { workers: args.workers, thumbnailDir: join(dir, 'thumbnails') })
  const rss = new RssSampler().start()
  const rows: Row[] = []
  try {
    collectGarbage()
    const t0 = performance.now()
    const imported = await launchImport(lib, createImportJob(lib, folder.dir, false))
    if (imported.state !== 'done' || !imported.result) throw new Error(`The import ${imported.state}: ${imported.error?.message ?? ''}`)
    const importSeconds = (performance.now() - t0) / 1000
    const dataset = lib.datasets.get(imported.result.datasetId)!
    progress(`imported ${imported.result.ok.toLocaleString('en')} images in ${importSeconds.toFixed(1)} s (${imported.result.errors} errors)`)

    const sets = featureSetsOf(lib, dataset.id)
    const chosen = defaultFeatureSet(sets, dataset.kind)
    if (!chosen) throw new Error('The import made no feature set: the app would have nothing to cluster.')
    const product = await featureSetOf(lib, dataset, chosen)
    progress(`default features: ${product.label} (${product.dimension} values)${product.reason ? `: ${product.reason}` : ''}`)

    // Seconds of each stage the first time it ran for a feature set; later runs take it from the cache.
    const firstCost = new Map<number, Record<string, number>>()
    const featureSeconds = new Map<number, number>([[product.id, 0]])
    let endToEndBase = importSeconds
    const measure = async (path: Row['path'], set: FeatureSetInfo, method: string, setting: string, settings: Settings | undefined): Promise<void> => {
      collectGarbage()
      const t1 = performance.now()
      const job = await launchRun(lib, createRunJob(lib, checkRunRequest(lib, { datasetId: dataset.id, featureSetId: set.id, ...(settings && { settings }) })))
      const runSeconds = (performance.now() - t1) / 1000
      if (job.state !== 'done' || !job.result) throw new Error(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
      const detail = runDetail(lib, job.result.runId)
      const shared = firstCost.get(set.id) ?? {}
      for (const [stage, s] of Object.entries(detail.timings)) if (s > 0 && ['post', 'pca', 'knn', 'layout', 'embedding'].includes(stage) && !(stage in shared)) shared[stage] = s
      firstCost.set(set.id, shared)
      const reused = Object.entries(shared).reduce((t, [stage, s]) => t + ((detail.timings[stage] ?? 0) > 0 ? 0 : s), 0)
      const m = detail.metrics
      const row: Row = {
        path, method, features: featureName(set), setting,
        acc: m.acc === null ? null : round(m.acc, 4), nmi: m.nmi === null ? null : round(m.nmi, 4), ari: m.ari === null ? null : round(m.ari, 4),
        silhouette: m.silhouette === null ? null : round(m.silhouette, 4),
        k_chosen: detail.chosen.k?.k ?? null,
        n_clusters: detail.nClusters,
        noise_fraction: round(detail.noiseFraction, 4),
        seconds: Object.fromEntries(Object.entries(detail.timings).map(([k, v]) => [k, round(v, 2)])),
        run_seconds: round(runSeconds, 2),
        end_to_end_seconds: round(endToEndBase + (featureSeconds.get(set.id) ?? 0) + runSeconds + reused, 2),
        peak_rss_mb: round(rss.peakMb()),
        ...(detail.chosen.k?.reason && { chosen_reason: detail.chosen.k.reason })
      }
      progress(`${path} ${row.features} ${method} (${setting}): ACC ${row.acc}, NMI ${row.nmi}, ARI ${row.ari}, ${row.n_clusters} clusters${row.k_chosen ? ` (k chosen ${row.k_chosen})` : ''}, noise ${row.noise_fraction}, ${row.run_seconds} s`)
      rows.push(row)
    }

    await measure('product', product, 'kmeans', 'defaults', undefined)
    await measure('product', product, 'hdbscan', 'defaults', { cluster: { algo: 'hdbscan' } })
    await measure('product', product, 'dbscan', 'defaults', { cluster: { algo: 'dbscan' } })
    endToEndBase = 0

    if (folder.images <= TUNED_UP_TO) {
      const others: [string, Record<string, number | string | boolean>][] = [
        ['pixels', {}],
        // The default's own HOG without the value that says whether the image has colour.
        ...(product.method === 'hog' && product.params['colour'] === true ? [['hog', { ...product.params, colour: false }] as [string, Record<string, number | string | boolean>]] : []),
        ['hog', { size: 128, cell: 16, block: 1, bins: 9, norm: 'L2-Hys', transformSqrt: false }],
        ['hog', { ...HOG_PARAMS }]
      ]
      for (const [method, params] of others) {
        const set = await computeFeatures(lib, dataset, method, params)
        if (set.id === product.id) continue
        featureSeconds.set(set.id, set.seconds)
        await measure('tuned', set, 'kmeans', 'defaults', undefined)
        if (method === 'pixels') {
          await measure('tuned', set, 'kmeans', `no reduction, k = ${folder.groups} groups`, { reduce: { method: 'none' }, cluster: { algo: 'kmeans', k: folder.groups } })
        }
      }
    }

    const head = rows[0]!
    const best = rows.reduce((a, b) => ((b.acc ?? -1) > (a.acc ?? -1) ? b : a))
    const pixelsKmeans = rows.find((r) => r.features === 'Pixels' && r.setting.startsWith('no reduction'))
    return {
      data: name,
      description: folder.description,
      size: folder.images,
      groups: folder.groups,
      seed: args.seed,
      backend: 'js',
      ...machine(),
      import_seconds: round(importSeconds, 2),
      default_features: { method: product.method, params: product.params, reason: product.reason },
      default_gap_to_best: best.acc !== null && head.acc !== null ? round(best.acc - head.acc, 4) : null,
      default_minus_pixels_kmeans: pixelsKmeans && head.acc !== null && pixelsKmeans.acc !== null ? round(head.acc - pixelsKmeans.acc, 4) : null,
      best: { path: best.path, method: best.method, features: best.features, setting: best.setting, acc: best.acc, nmi: best.nmi },
      peak_rss_mb: round(rss.stop()),
      results: rows
    }
  } finally {
    await lib.close()
    await removeDir(dir)
  }
}

/** "HOG 56/8/3" for HOG (size, cell, block), the method's label otherwise. */
function featureName(set: FeatureSetInfo): string {
  return set.method === 'hog' ? `HOG ${set.params['size']}/${set.params['cell']}/${set.params['block']}${set.params['colour'] ? ' + colour' : ''}` : set.label
}

async function featureSetOf(lib: Library, _dataset: DatasetSummary, set: FeatureSetInfo): Promise<FeatureSetInfo> {
  return toFeatureSetInfo(lib.featureSets.get(set.id)!)
}

async function computeFeatures(lib: Library, dataset: DatasetSummary, method: string, params: Record<string, number | string | boolean>): Promise<FeatureSetInfo> {
  const job = await launchFeatures(lib, createFeaturesJob(lib, dataset, checkFeaturesRequest(dataset, { datasetId: dataset.id, method, params })))
  if (job.state !== 'done' || !job.result) throw new Error(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
  return toFeatureSetInfo(lib.featureSets.get(job.result.featureSetId)!)
}
