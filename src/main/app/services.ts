import { isAbsolute } from 'node:path'
import type { AppInfo, JobInfo, JobOf } from '../../shared/contract'
import type { HandlerMap } from './handlers'
import type { Library } from './library'
import { checkImportPath, createImportJob, runImport, UserInputError, type ImportParams } from './import-service'
import { createFileImportJob, runFileImport, type FileImportParams } from './file-import'
import { checkRunRequest, createRunJob, defaultSettings, runCluster, runDetail } from './runs-service'
import { reportOf } from './report-service'
import { itemDetail } from './items-service'
import {
  checkFeaturesRequest, createFeaturesJob, featureMethods, featureSetsOf, runFeatures, type FeaturesJobParams
} from './features-service'

import { NotFoundError } from './errors'
import { checkTrainRequest, createTrainJob, runTrain, type TrainJobParams } from './models-service'
import { checkEmbedRequest, createEmbedJob, onnxCatalogue, runEmbed, type EmbedJobParams } from './models-embed'
import { backendReport, compareItems, removeModel } from './models-queries'
import { nearestItems } from './models-nearest'
import { buildSimilarIndex, findSimilar } from './similar-service'
import { modelInfo, models } from './model-store'
import { removalBlocker, removeDataset } from './dataset-removal'
import { applyRunEdit, editHistory, redoRunEdit, undoRunEdit } from './edits-service'
import { exportLabels, importLabels, listLabels } from './labels-service'
import { checkDuplicatesRequest, createDuplicatesJob, lastDuplicates, runDuplicates, type DuplicatesJobParams } from './duplicates-service'

export { NotFoundError }

export const RELATIVE_IMPORT_PATH =
  "Type the full path of the folder, such as /home/you/photos: a relative path would be read from the server's own folder."

export interface PlatformHooks {
  transport: AppInfo['transport']
  version: string
  /** A native folder dialog, where the platform has one. */
  pickFolders?: () => Promise<string[]>
  /** Prints an HTML report to a PDF file the user chooses (Electron); the path, or null if cancelled. */
  savePdf?: (html: string, suggestedName: string) => Promise<string | null>
}

/** Starts (or restarts) an import job in the background; its end is reported through events. */
export function launchImport(lib: Library, job: JobOf<'import'>): Promise<JobOf<'import'>> {
  const params = lib.jobs.params<ImportParams | FileImportParams>(job.id)
  const datasetId = job.datasetId ?? lib.datasets.ensure(params.root, params.root)
  if ('file' in params) return lib.runner.start(job, (ctx) => runFileImport(ctx, lib, datasetId, params))
  return lib.runner.start(job, (ctx) => runImport(ctx, lib, datasetId, params))
}

/** Starts (or restarts) a features job in the background. */
export function launchFeatures(lib: Library, job: JobOf<'features'>): Promise<JobOf<'features'>> {
  const params = lib.jobs.params<FeaturesJobParams>(job.id)
  const done = lib.runner.start(job, (ctx) => runFeatures(ctx, lib, params))
  void done.then(() => lib.bus.emit('features:changed', { datasetId: params.datasetId }))
  return done
}

/** Starts (or restarts) a clustering run in the background. */
export function launchRun(lib: Library, job: JobOf<'cluster'>): Promise<JobOf<'cluster'>> {
  const params = lib.jobs.params<ReturnType<typeof checkRunRequest>>(job.id)
  return lib.runner.start(job, (ctx) => runCluster(ctx, lib, params))
}

/** Starts (or resumes from its checkpoint) a training job in the background, on a thread of its own. */
export function launchTrain(lib: Library, job: JobOf<'train'>): Promise<JobOf<'train'>> {
  const params = lib.jobs.params<TrainJobParams>(job.id)
  return lib.runner.start(job, (ctx) => runTrain(ctx, lib, params))
}

/** Starts (or restarts) embedding a dataset with a model in the background. */
export function launchEmbed(lib: Library, job: JobOf<'embed'>): Promise<JobOf<'embed'>> {
  const params = lib.jobs.params<EmbedJobParams>(job.id)
  return lib.runner.start(job, (ctx) => runEmbed(ctx, lib, params))
}

/** Starts (or restarts) a near-duplicate search in the background. */
export function launchDuplicates(lib: Library, job: JobOf<'duplicates'>): Promise<JobOf<'duplicates'>> {
  const params = lib.jobs.params<DuplicatesJobParams>(job.id)
  return lib.runner.start(job, (ctx) => runDuplicates(ctx, lib, params))
}

/** Starts a job again after a cancel or a kill; each kind continues where it stopped. */
export function relaunch(lib: Library, job: JobInfo): Promise<JobInfo> {
  switch (job.kind) {
    case 'import':
      return launchImport(lib, job)
    case 'features':
      return launchFeatures(lib, job)
    case 'cluster':
      return launchRun(lib, job)
    case 'train':
      return launchTrain(lib, job)
    case 'embed':
      return launchEmbed(lib, job)
    case 'duplicates':
      return launchDuplicates(lib, job)
  }
}

/** The application's handlers: library + engine behind the typed contract. */
export function createHandlers(lib: Library, platform: PlatformHooks): HandlerMap {
  const dataset = (id: number) => {
    const d = lib.datasets.get(id)
    if (!d) throw new NotFoundError(`There is no dataset ${id}; it may have been removed.`)
    return d
  }
  return {
    'app:info': () => ({
      name: 'Likeness',
      version: platform.version,
      transport: platform.transport,
      libraryPath: lib.path,
      canPickFolders: platform.pickFolders !== undefined,
      defaultMaxMegapixels: lib.decodeOptions().limitInputPixels / 1e6
    }),
    'datasets:list': () => lib.datasets.list(),
    'datasets:get': ({ id }) => dataset(id),
    'datasets:remove': ({ id }) => {
      dataset(id)
      const blocker = removalBlocker(lib, id)
      if (blocker) throw new Error(blocker)
      const { removed } = removeDataset(lib, id)
      lib.bus.emit('datasets:changed', { datasetId: id })
      return { removed }
    },
    'items:list': ({ datasetId }) => (dataset(datasetId), lib.items.list(datasetId)),
    'items:get': ({ id }) => itemDetail(lib, id),
    'import:start': async ({ paths, followSymlinks, maxMegapixels }) => {
      // The CLI resolves a relative path against the shell's folder, as a shell user expects; a path
      // typed into the app would resolve against the server's folder, which the user never chose.
      if (!paths.every((p) => isAbsolute(p))) throw new UserInputError(RELATIVE_IMPORT_PATH)
      const checked = await Promise.all(paths.map((p) => checkImportPath(p)))
      const jobs: JobInfo[] = []
      const seen = new Set<string>()
      for (const { root, isFile } of checked) {
        if (seen.has(root)) continue
        seen.add(root)
        const running = lib.jobs.list().find((j) => j.kind === 'import' && lib.runner.isRunning(j.id) && lib.jobs.params<ImportParams>(j.id).root === root)
        if (running) {
          jobs.push(running)
          continue
        }
        const job = isFile ? createFileImportJob(lib, root) : createImportJob(lib, root, followSymlinks ?? false, maxMegapixels)
        void launchImport(lib, job)
        jobs.push(lib.jobs.get(job.id)!)
      }
      return jobs
    },
    'features:methods': () => featureMethods(),
    'features:list': ({ datasetId }) => (dataset(datasetId), featureSetsOf(lib, datasetId)),
    'features:start': (req) => {
      const p = checkFeaturesRequest(dataset(req.datasetId), req, lib)
      const same = lib.jobs.list().find((j) => j.kind === 'features' && lib.runner.isRunning(j.id) && sameFeatures(lib.jobs.params<FeaturesJobParams>(j.id), p))
      if (same) return same
      const job = createFeaturesJob(lib, dataset(req.datasetId), p)
      void launchFeatures(lib, job)
      return lib.jobs.get(job.id)!
    },
    'features:remove': ({ id }) => {
      const set = lib.featureSets.get(id)
      if (!set) throw new NotFoundError(`There is no feature set ${id}.`)
      const busy = lib.jobs.list().some((j) => j.kind === 'features' && j.datasetId === set.datasetId && lib.runner.isRunning(j.id))
      if (busy) throw new Error('Features of this dataset are being computed: cancel that job first, then remove the set.')
      const removed = lib.featureSets.remove(id)
      lib.bus.emit('features:changed', { datasetId: set.datasetId })
      return { removed }
    },
    'runs:defaults': () => defaultSettings(),
    'runs:list': ({ datasetId }) => (datasetId === undefined ? lib.runs.list() : (dataset(datasetId), lib.runs.list(datasetId))),
    'runs:get': ({ id }) => runDetail(lib, id),
    'runs:start': (req) => {
      const p = checkRunRequest(lib, req)
      const job = createRunJob(lib, p)
      void launchRun(lib, job)
      return lib.jobs.get(job.id)!
    },
    'runs:remove': ({ id }) => {
      const run = lib.runs.get(id)
      if (!run) throw new NotFoundError(`There is no run ${id}.`)
      const removed = lib.runs.remove(id)
      lib.bus.emit('runs:changed', { datasetId: run.datasetId })
      return { removed }
    },
    'runs:report': ({ id, format }) => reportOf(lib, id, format, platform.savePdf),
    'edits:apply': ({ runId, op }) => applyRunEdit(lib, runId, op),
    'edits:undo': ({ runId }) => undoRunEdit(lib, runId),
    'edits:redo': ({ runId }) => redoRunEdit(lib, runId),
    'edits:list': ({ runId }) => editHistory(lib, runId),
    'labels:list': ({ datasetId }) => listLabels(lib, datasetId),
    'labels:export': (req) => {
      if (req.folder && !isAbsolute(req.folder.path)) throw new UserInputError('Type the full path of the folder for the label folders, such as /home/you/labels.')
      return exportLabels(lib, req)
    },
    'labels:import': ({ datasetId, path }) => {
      if (!isAbsolute(path)) throw new UserInputError('Type the full path of the label CSV, such as /home/you/labels.csv.')
      const result = importLabels(lib, datasetId, path)
      lib.bus.emit('labels:changed', { datasetId })
      return result
    },
    'models:backends': () => backendReport(),
    'models:list': ({ datasetId }) => {
      if (datasetId !== undefined) dataset(datasetId)
      return models(lib).list(datasetId).map((m) => modelInfo(lib, m))
    },
    'models:catalogue': () => onnxCatalogue(),
    'models:get': ({ id }) => {
      const model = models(lib).get(id)
      if (!model) throw new NotFoundError(`There is no model ${id}.`)
      return modelInfo(lib, model)
    },
    'models:train': (req) => {
      const job = createTrainJob(lib, checkTrainRequest(lib, req))
      void launchTrain(lib, job)
      return lib.jobs.get(job.id)!
    },
    'models:embed': async (req) => {
      const job = createEmbedJob(lib, await checkEmbedRequest(lib, req))
      void launchEmbed(lib, job)
      return lib.jobs.get(job.id)!
    },
    'models:compare': ({ modelId, a, b }) => compareItems(lib, modelId, a, b),
    'models:nearest': (req) => nearestItems(lib, req),
    // The model's feature set stays: runs made with it keep their features; remove it on its own.
    'models:remove': async ({ id }) => ({ removed: await removeModel(lib, id) }),
    'duplicates:start': (req) => {
      const p = checkDuplicatesRequest(lib, req)
      const running = lib.jobs.list().find((j) => j.kind === 'duplicates' && j.datasetId === p.datasetId && lib.runner.isRunning(j.id))
      if (running) return running
      const job = createDuplicatesJob(lib, dataset(p.datasetId), p)
      void launchDuplicates(lib, job)
      return lib.jobs.get(job.id)!
    },
    'duplicates:get': ({ datasetId }) => (dataset(datasetId), lastDuplicates(lib, datasetId)),
    'similar:find': (req) => findSimilar(lib, req),
    'similar:index': (req) => buildSimilarIndex(lib, req),
    'jobs:list': () => lib.jobs.list(),
    'jobs:cancel': async ({ id }) => {
      const job = await lib.runner.cancel(id)
      if (!job) throw new NotFoundError(`There is no job ${id}.`)
      return job
    },
    'jobs:resume': ({ id }) => {
      const job = lib.jobs.get(id)
      if (!job) throw new NotFoundError(`There is no job ${id}.`)
      if (lib.runner.isRunning(id)) return job
      if (job.state === 'done') throw new Error('This job has already finished; start it anew to look for changes.')
      void relaunch(lib, job)
      return lib.jobs.get(id)!
    },
    'dialog:pickFolders': async () => {
      if (!platform.pickFolders) throw new Error('Folder dialogs exist only in the desktop app: type the folder path instead.')
      return platform.pickFolders()
    }
  }
}

function sameFeatures(a: FeaturesJobParams, b: FeaturesJobParams): boolean {
  return a.datasetId === b.datasetId && a.method === b.method && a.post === b.post && JSON.stringify(a.params) === JSON.stringify(b.params)
}
