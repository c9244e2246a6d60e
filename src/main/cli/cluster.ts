import { writeFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import type { DatasetSummary, FeatureSetInfo, ReportFormat, RunRequest } from '../../shared/contract'
import { Library, type LibraryOptions } from '../app/library'
import { checkFeaturesRequest, createFeaturesJob, defaultFeatureSet, featureSetsOf, toFeatureSetInfo } from '../app/features-service'
import { checkRunRequest, createRunJob, runDetail } from '../app/runs-service'
import { reportOf } from '../app/report-service'
import { launchFeatures, launchRun } from '../app/services'
import { findDataset, FeaturesUsageError, readFeatureArgs } from './features'
import { ProgressLine } from './output'
import { printSequenceRun, SEQUENCE_OPTIONS_HELP, sequenceRequest } from './sequences'

export const CLUSTER_HELP = `likeness cluster <dataset> [options]   (or: likeness run <dataset>)

Clusters a dataset (given by id or name) and keeps the run in the library's history.

  --features <method>     feature set by method (default: the set the import made, HOG with
                          parameters chosen from the images; imported for vectors);
                          computed first when the dataset has none
  --feature-set <id>      a feature set by id instead
  --post <steps>          post-processing before reduction: zscore, minmax, l2, pca=<n>
  --reduce <umap|pca|none>  reduction (default umap)
  --neighbors <n>         UMAP neighbours       --min-dist <x>   UMAP min_dist
  --cluster-dims <n>      UMAP components the clustering uses (2 = the map itself)
  --algo <kmeans|dbscan|hdbscan>
  --on <reduced|features> cluster the reduced coordinates or the features
  --k <n|auto>            K-Means clusters       --eps <x|auto>   DBSCAN radius
  --min-samples <n|auto>  DBSCAN/HDBSCAN         --min-cluster-size <n|auto>  HDBSCAN
                          (auto, the default: scaled with the number of items)
  --seed <n>              the same seed gives the same run, bit for bit
  --report <file>         write a report: .html (self-contained), .csv or .json (item → cluster)
  --json                  print the run as JSON
  --db <file>             library file
${SEQUENCE_OPTIONS_HELP}`

const numberOr = <T extends string>(v: string | boolean | undefined, name: string, word?: T): number | T | undefined => {
  if (v === undefined) return undefined
  if (word !== undefined && v === word) return word
  const n = Number(v)
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n)) throw new FeaturesUsageError(`--${name} takes a number${word ? ` or "${word}"` : ''}, not "${String(v)}".`)
  return n
}

function pickFeatureSet(lib: Library, dataset: DatasetSummary, id: number | undefined, method: string | undefined): FeatureSetInfo | string {
  const sets = featureSetsOf(lib, dataset.id)
  if (id !== undefined) {
    const set = sets.find((s) => s.id === id)
    if (!set) throw new FeaturesUsageError(`${dataset.name} has no feature set ${id}: "likeness features ${dataset.id}" lists them.`)
    return set
  }
  if (method === undefined) {
    // What the app's run panel starts with.
    const chosen = defaultFeatureSet(sets, dataset.kind)
    if (chosen) return chosen
  }
  const wanted = method ?? (dataset.kind === 'vectors' ? 'imported' : 'hog')
  const complete = sets.filter((s) => s.method === wanted && s.post === '' && s.complete)
  // The oldest complete set of the method: the import's, usually.
  return complete[0] ?? wanted
}

const option = (values: Record<string, string | boolean>, k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined)

/** The run request for a dataset of images or vectors: its feature set (computed first when missing) and the settings given. */
async function featureRequest(lib: Library, dataset: DatasetSummary, values: Record<string, string | boolean>, progress: ProgressLine): Promise<RunRequest> {
  let set = pickFeatureSet(lib, dataset, numberOr(values['feature-set'], 'feature-set') as number | undefined, option(values, 'features'))
  if (typeof set === 'string') {
    const job = await launchFeatures(lib, createFeaturesJob(lib, dataset, checkFeaturesRequest(dataset, { datasetId: dataset.id, method: set }, lib)))
    progress.done()
    if (job.state !== 'done' || !job.result) throw new Error(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
    set = toFeatureSetInfo(lib.featureSets.get(job.result.featureSetId)!)
  }
  const cluster: NonNullable<RunRequest['settings']>['cluster'] = {}
  const reduce: NonNullable<RunRequest['settings']>['reduce'] = {}
  if (option(values, 'algo')) cluster.algo = option(values, 'algo') as 'kmeans'
  if (option(values, 'on')) cluster.on = option(values, 'on') as 'reduced'
  if (values.k !== undefined) cluster.k = numberOr(values.k, 'k', 'auto')!
  if (values.eps !== undefined) cluster.eps = numberOr(values.eps, 'eps', 'auto')!
  if (values['min-samples'] !== undefined) cluster.minSamples = numberOr(values['min-samples'], 'min-samples', 'auto')!
  if (values['min-cluster-size'] !== undefined) cluster.minClusterSize = numberOr(values['min-cluster-size'], 'min-cluster-size', 'auto')!
  if (option(values, 'reduce')) reduce.method = option(values, 'reduce') as 'umap'
  if (values.neighbors !== undefined) reduce.nNeighbors = numberOr(values.neighbors, 'neighbors') as number
  if (values['min-dist'] !== undefined) reduce.minDist = numberOr(values['min-dist'], 'min-dist') as number
  if (values['cluster-dims'] !== undefined) reduce.clusterDims = numberOr(values['cluster-dims'], 'cluster-dims') as number
  return {
    datasetId: dataset.id, featureSetId: set.id,
    settings: { post: option(values, 'post'), cluster, reduce, seed: numberOr(values.seed, 'seed') as number | undefined }
  }
}

export async function clusterCommand(argv: string[], dbPath: (given?: string) => string, libOptions: LibraryOptions): Promise<number> {
  const { values, positionals } = readFeatureArgs(argv)
  if (values.help) return (console.log(CLUSTER_HELP), 0)
  const json = values.json === true
  const [ref, ...extra] = positionals
  if (!ref || extra.length > 0) throw new FeaturesUsageError('Name one dataset: likeness cluster <dataset>. "likeness datasets" lists them.')
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined)
  const report = str('report')
  const format = report ? (extname(report).slice(1).toLowerCase() as ReportFormat) : null
  if (format && !['html', 'csv', 'json'].includes(format)) throw new FeaturesUsageError('--report writes .html, .csv or .json files.')
  const lib = new Library(dbPath(str('db')), libOptions)
  const progress = new ProgressLine(json)
  lib.bus.on('job:progress', (j) => progress.update(j))
  const onSigint = (): void => void lib.runner.cancelAll()
  process.on('SIGINT', onSigint)
  try {
    const dataset = findDataset(lib, ref)
    const request = dataset.kind === 'sequences' ? sequenceRequest(dataset.id, dataset.name, values) : await featureRequest(lib, dataset, values, progress)
    const checked = checkRunRequest(lib, request)
    const job = await launchRun(lib, createRunJob(lib, checked))
    progress.done()
    if (job.state !== 'done' || !job.result) {
      console.error(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
      return 1
    }
    const run = runDetail(lib, job.result.runId)
    if (report && format) {
      const r = await reportOf(lib, run.id, format)
      await writeFile(resolve(report), r.text!)
    }
    if (json) {
      const { itemIds: _i, names: _n, x: _x, y: _y, labels: _l, itemGroups: _g, ...summary } = run
      console.log(JSON.stringify(summary, null, 2))
    } else if (run.settings.sequences) {
      printSequenceRun(run)
      if (report) console.log(`Report written to ${resolve(report)}`)
    } else {
      const m = run.metrics
      const f = (v: number | null): string => (v === null ? '—' : v.toFixed(3))
      console.log(`Run ${run.id}: ${run.featureLabel} → ${run.settings.reduce.method} → ${run.settings.cluster.algo}: ${run.nClusters} clusters, ${(100 * run.noiseFraction).toFixed(1)} % noise, ${run.n} items`)
      if (run.chosen.k) {
        const alternatives = run.chosen.k.alternatives?.length ? `; also worth a look: k = ${run.chosen.k.alternatives.join(', ')} (--k)` : ''
        console.log(`  k chosen by silhouette: ${run.chosen.k.k}${run.chosen.k.sampled ? ` (sample of ${run.chosen.k.sampleSize})` : ''}${alternatives}`)
        if (run.chosen.k.reason) console.log(`    ${run.chosen.k.reason}`)
      }
      if (run.chosen.eps) console.log(`  eps chosen at the knee of the k-distance curve: ${run.chosen.eps.eps.toPrecision(4)}`)
      if (run.chosen.sizes) console.log(`  ${run.chosen.sizes.reason}`)
      for (const w of run.warnings) console.log(`  Warning: ${w}`)
      console.log(`  silhouette ${f(m.silhouette)}${m.silhouetteSampled ? ` (sample of ${m.silhouetteN})` : ''} · Davies-Bouldin ${f(m.daviesBouldin)} · Calinski-Harabasz ${m.calinskiHarabasz === null ? '—' : m.calinskiHarabasz.toFixed(1)}`)
      if (m.acc !== null) console.log(`  against the groups: ACC ${f(m.acc)} · NMI ${f(m.nmi)} · ARI ${f(m.ari)}`)
      for (const note of [m.internalSkipped, m.externalSkipped, ...run.notes]) if (note) console.log(`  ${note}`)
      console.log(`  ${Object.entries(run.timings).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(' · ')}`)
      if (report) console.log(`Report written to ${resolve(report)}`)
    }
    return 0
  } finally {
    process.off('SIGINT', onSigint)
    await lib.close()
  }
}
