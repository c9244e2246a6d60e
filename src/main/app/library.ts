import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { openLibrary, type OpenOptions } from '../store/connection'
import { DatasetsRepo } from '../store/repos/datasets'
import { ItemsRepo } from '../store/repos/items'
import { JobsRepo } from '../store/repos/jobs'
import { FeatureSetsRepo } from '../store/repos/feature-sets'
import { RunsRepo, StageCacheRepo } from '../store/repos/runs'
import { DEFAULT_DECODE_OPTIONS, type DecodeOptions, type DecodedFile } from '../engine/io/decode'
import { WorkerPool } from '../jobs/pool'
import { workerEntry } from '../jobs/worker-entry'
import { JobRunner } from '../jobs/runner'
import type { ImportTask } from '../jobs/import.worker'
import type { FeatureTask } from '../jobs/features.worker'
import type { FeatureBatch } from '../engine/features/batch'
import { EventBus } from './events'

export interface LibraryOptions extends OpenOptions {
  /** Worker threads for decoding; default: one per core. */
  workers?: number
  /** Largest image (width × height) the decoder accepts. */
  limitInputPixels?: number
  /** Thumbnail cache folder; default: `thumbnails` beside the library file. */
  thumbnailDir?: string
  /** Compute the default HOG features during an image import, from the pixels it decodes anyway (default true). */
  importFeatures?: boolean
}

/**
 * One open library: the single writer connection, its repositories, the job runner and the
 * decoding workers. The app, the CLI and the loopback server each hold one.
 */
export class Library {
  readonly db: Database
  readonly datasets: DatasetsRepo
  readonly items: ItemsRepo
  readonly jobs: JobsRepo
  readonly featureSets: FeatureSetsRepo
  readonly runs: RunsRepo
  readonly stageCache: StageCacheRepo
  readonly bus = new EventBus()
  readonly runner: JobRunner
  readonly thumbnailDir: string
  private pool: WorkerPool<ImportTask, DecodedFile[]> | null = null
  private featurePool: WorkerPool<FeatureTask, FeatureBatch> | null = null

  constructor(readonly path: string, private readonly options: LibraryOptions = {}) {
    this.db = openLibrary(path, options)
    this.datasets = new DatasetsRepo(this.db)
    this.items = new ItemsRepo(this.db)
    this.jobs = new JobsRepo(this.db)
    this.featureSets = new FeatureSetsRepo(this.db)
    this.runs = new RunsRepo(this.db)
    this.stageCache = new StageCacheRepo(this.db)
    this.runner = new JobRunner(this.jobs, this.bus)
    this.thumbnailDir = options.thumbnailDir ?? join(path === ':memory:' ? process.cwd() : dirname(path), 'thumbnails')
    this.jobs.markInterrupted()
  }

  decodeOptions(): DecodeOptions {
    return {
      ...DEFAULT_DECODE_OPTIONS,
      limitInputPixels: this.options.limitInputPixels ?? DEFAULT_DECODE_OPTIONS.limitInputPixels,
      thumbnailDir: this.thumbnailDir
    }
  }

  /** Whether an image import computes HOG on its way (with parameters chosen from the images). */
  get importFeatures(): boolean {
    return this.options.importFeatures !== false
  }

  /** The decoding workers, started on first use. */
  /** Threads a job may use at once: the --workers setting, or one per core. */
  get workers(): number {
    return this.options.workers ?? Math.max(1, cpus().length)
  }

  importPool(): WorkerPool<ImportTask, DecodedFile[]> {
    this.pool ??= new WorkerPool(workerEntry('import.worker'), { size: this.workers })
    return this.pool
  }

  /** The feature workers, started on first use. */
  featuresPool(): WorkerPool<FeatureTask, FeatureBatch> {
    this.featurePool ??= new WorkerPool(workerEntry('features.worker'), { size: this.workers })
    return this.featurePool
  }

  async close(): Promise<void> {
    await this.runner.cancelAll()
    await this.pool?.close()
    await this.featurePool?.close()
    this.pool = null
    this.featurePool = null
    if (this.db.open) this.db.close()
  }
}
