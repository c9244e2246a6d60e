/**
 * `autoencoder`: learned features on the product's own path. MNIST test digits (`--size`, default
 * 10,000) written once as a folder of PNGs, one sub-folder per digit, imported into a fresh library
 * by the app's import service; then the app's train job for an autoencoder with no parameters (what
 * the `models:train` handler and `likeness train <dataset> --model autoencoder` run when the user
 * changes nothing: parameters chosen from the images, the default epochs, the best backend that
 * loads), on its own thread as in the app; then the app's default run (checkRunRequest with no
 * settings) on the feature set the training stored. The sub-folders are used for nothing but scoring.
 * For comparison, the same run measures the app's default run on the import's default feature set
 * (HOG), the `cluster` benchmark's headline.
 */
import { join } from 'node:path'
import { Library } from '../src/main/app/library'
import { createImportJob } from '../src/main/app/import-service'
import { defaultFeatureSet, featureSetsOf } from '../src/main/app/features-service'
import { checkRunRequest, createRunJob, runDetail } from '../src/main/app/runs-service'
import { checkTrainRequest, createTrainJob } from '../src/main/app/models-service'
import { models } from '../src/main/app/model-store'
import { launchImport, launchRun, launchTrain } from '../src/main/app/services'
import { machine, progress, removeDir, round, tempDir, type BenchArgs } from './harness'
import { labelledFolder } from './datasets'

interface Row {
  path: 'product'
  features: string
  backend: string
  train_s: number | null
  epochs: number | null
  acc: number | null
  nmi: number | null
  ari: number | null
  k_chosen: number | null
  n_clusters: number
  run_s: number
}

export async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const folder = await labelledFolder('mnist', args.size, args.seed, args.fresh)
  progress(`data: ${folder.description} in ${folder.dir}`)
  const dir = await tempDir('autoencoder')
  const lib = new Library(join(dir, 'library.sqlite'), { workers: args.workers, thumbnailDir: join(dir, 'thumbnails') })
  try {
    const t0 = performance.now()
    const imported = await launchImport(lib, createImportJob(lib, folder.dir, false))
    if (imported.state !== 'done' || !imported.result) throw new Error(`The import ${imported.state}: ${imported.error?.message ?? ''}`)
    const importSeconds = (performance.now() - t0) / 1000
    const datasetId = imported.result.datasetId
    progress(`imported ${imported.result.ok.toLocaleString('en')} images in ${importSeconds.toFixed(1)} s`)

    // The app's train job with no parameters, as the models:train handler starts it.
    const params = checkTrainRequest(lib, { datasetId, kind: 'autoencoder' })
    const model0 = models(lib).get(params.modelId)!
    progress(`training ${model0.label} for ${params.epochs} epochs: ${model0.reason ?? ''}`)
    let lastPhase = ''
    const unsubscribe = lib.bus.on('job:progress', (job) => {
      const phase = job.progress.phase ?? ''
      const epochEnd = /^Epoch \d+ of \d+/.exec(phase)?.[0]
      if (epochEnd !== undefined && epochEnd !== lastPhase) {
        lastPhase = epochEnd
        progress(phase)
      }
    })
    const t1 = performance.now()
    const trained = await launchTrain(lib, createTrainJob(lib, params))
    const trainSeconds = (performance.now() - t1) / 1000
    unsubscribe()
    if (trained.state !== 'done' || !trained.result) throw new Error(`${trained.title} ${trained.state}: ${trained.error?.message ?? ''}`)
    const model = models(lib).get(params.modelId)!
    const backend = model.backend
    progress(`trained in ${trainSeconds.toFixed(1)} s on ${backend?.name ?? '?'} (${backend?.device ?? ''}); ${model.curve.length} epochs, best ${model.bestEpoch}`)
    for (const s of backend?.skipped ?? []) progress(`  skipped ${s.name}: ${s.why}`)

    const measure = async (featureSetId: number, features: string, train: { backend: string; seconds: number | null; epochs: number | null }): Promise<Row> => {
      const t2 = performance.now()
      const job = await launchRun(lib, createRunJob(lib, checkRunRequest(lib, { datasetId, featureSetId })))
      const runSeconds = (performance.now() - t2) / 1000
      if (job.state !== 'done' || !job.result) throw new Error(`${job.title} ${job.state}: ${job.error?.message ?? ''}`)
      const detail = runDetail(lib, job.result.runId)
      const m = detail.metrics
      const row: Row = {
        path: 'product', features, backend: train.backend, train_s: train.seconds === null ? null : round(train.seconds, 1), epochs: train.epochs,
        acc: m.acc === null ? null : round(m.acc, 4), nmi: m.nmi === null ? null : round(m.nmi, 4), ari: m.ari === null ? null : round(m.ari, 4),
        k_chosen: detail.chosen.k?.k ?? null, n_clusters: detail.nClusters, run_s: round(runSeconds, 1)
      }
      progress(`${features}: ACC ${row.acc}, NMI ${row.nmi}, ARI ${row.ari}, ${row.n_clusters} clusters, run ${row.run_s} s`)
      return row
    }
    if (trained.result.featureSetId === null) throw new Error('The training stored no feature set.')
    const learned = await measure(trained.result.featureSetId, model.label, { backend: backend?.name ?? 'unknown', seconds: trainSeconds, epochs: model.curve.length })
    const hog = defaultFeatureSet(featureSetsOf(lib, datasetId), 'images')
    const baseline = hog ? await measure(hog.id, `import default (${hog.label})`, { backend: 'js', seconds: null, epochs: null }) : null

    return {
      path: 'product',
      backend: learned.backend,
      device: backend?.device ?? null,
      skipped: backend?.skipped ?? [],
      ...machine(),
      seed: args.seed,
      size: folder.images,
      model: model.label,
      params: model.params,
      reason: model.reason,
      train_s: learned.train_s,
      epochs: learned.epochs,
      best_epoch: model.bestEpoch,
      metrics: model.metrics,
      acc: learned.acc,
      nmi: learned.nmi,
      hog_acc: baseline?.acc ?? null,
      hog_nmi: baseline?.nmi ?? null,
      import_s: round(importSeconds, 1),
      curve: model.curve.map((c) => ({ epoch: c.epoch, loss: round(c.loss, 5), ...(c.valLoss === undefined ? {} : { valLoss: round(c.valLoss, 5) }), seconds: round(c.seconds, 1) })),
      results: baseline ? [learned, baseline] : [learned]
    }
  } finally {
    await lib.close()
    await removeDir(dir)
  }
}
