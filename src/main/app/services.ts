import type { AppInfo, JobInfo } from '../../shared/contract'
import type { HandlerMap } from './handlers'
import type { Library } from './library'
import { checkImportFolder, createImportJob, runImport, type ImportParams } from './import-service'

export class NotFoundError extends Error {
  override name = 'not-found'
}

export interface PlatformHooks {
  transport: AppInfo['transport']
  version: string
  /** A native folder dialog, where the platform has one. */
  pickFolders?: () => Promise<string[]>
}

/** Starts (or restarts) an import job in the background; its end is reported through events. */
export function launchImport(lib: Library, job: JobInfo): Promise<JobInfo> {
  const params = lib.jobs.params<ImportParams>(job.id)
  const datasetId = job.datasetId ?? lib.datasets.ensure(params.root, params.root)
  return lib.runner.start(job, (ctx) => runImport(ctx, lib, datasetId, params))
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
      canPickFolders: platform.pickFolders !== undefined
    }),
    'datasets:list': () => lib.datasets.list(),
    'datasets:get': ({ id }) => dataset(id),
    'datasets:remove': ({ id }) => {
      const busy = lib.jobs.list().some((j) => j.datasetId === id && lib.runner.isRunning(j.id))
      if (busy) throw new Error('This dataset is being imported: cancel the import first, then remove it.')
      return { removed: lib.datasets.remove(id) }
    },
    'items:list': ({ datasetId }) => (dataset(datasetId), lib.items.list(datasetId)),
    'items:get': ({ id }) => {
      const item = lib.items.get(id)
      if (!item) throw new NotFoundError(`There is no item ${id}.`)
      return item
    },
    'import:start': async ({ paths, followSymlinks }) => {
      const roots = await Promise.all(paths.map((p) => checkImportFolder(p)))
      const jobs: JobInfo[] = []
      for (const root of new Set(roots)) {
        const running = lib.jobs.list().find((j) => j.kind === 'import' && lib.runner.isRunning(j.id) && lib.jobs.params<ImportParams>(j.id).root === root)
        if (running) {
          jobs.push(running)
          continue
        }
        const job = createImportJob(lib, root, followSymlinks ?? false)
        void launchImport(lib, job)
        jobs.push(lib.jobs.get(job.id)!)
      }
      return jobs
    },
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
      if (job.state === 'done') throw new Error('This job has already finished; start a new import to look for changes.')
      void launchImport(lib, job)
      return lib.jobs.get(id)!
    },
    'dialog:pickFolders': async () => {
      if (!platform.pickFolders) throw new Error('Folder dialogs exist only in the desktop app: type the folder path instead.')
      return platform.pickFolders()
    }
  }
}
