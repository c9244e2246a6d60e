import { rmSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import type { JobInfo } from '../../shared/contract'
import { thumbnailPath } from '../engine/io/decode'
import type { Library } from './library'
import { previewPath } from './previews'
import { libraryFolder } from './model-store'

const HASH = /^[0-9a-f]{64}$/

/** What a job is, in the words of a sentence that asks the user to cancel it. */
const JOB_WORDS: Record<JobInfo['kind'], string> = {
  import: 'An import',
  features: 'A feature computation',
  cluster: 'A clustering run',
  train: 'A training',
  embed: 'An embedding',
  duplicates: 'A near-duplicate search'
}

/**
 * Why a dataset cannot be removed now, or null: a job still working on it would write rows for a
 * dataset that is gone. The sentence names that job, so the user knows which one to cancel.
 */
export function removalBlocker(lib: Library, datasetId: number): string | null {
  const job = lib.jobs.list().find((j) => j.datasetId === datasetId && lib.runner.isRunning(j.id))
  if (!job) return null
  return `${JOB_WORDS[job.kind]} is running on this dataset ("${job.title}"): cancel it in the job bar first, then delete the dataset.`
}

/**
 * Removes a dataset and everything recorded about it (items, feature sets and their vectors, runs,
 * cached stages, finished jobs) in one transaction, then the thumbnails and large previews no other
 * dataset shows.
 * Thumbnails are keyed by content hash, so a file imported twice shares one. The user's own files
 * are never touched: only paths built from a hash under the thumbnail folder are deleted.
 */
export function removeDataset(lib: Library, datasetId: number): { removed: boolean; thumbnails: number } {
  // Trained models' folders go too; their rows go with the dataset (ON DELETE CASCADE).
  const modelDirs = lib.db.prepare('SELECT dir FROM models WHERE dataset_id = ? AND dir IS NOT NULL').pluck().all(datasetId) as string[]
  const hashes = lib.db.transaction(() => {
    const unshared = lib.db
      .prepare(
        `SELECT DISTINCT hash FROM items WHERE dataset_id = ? AND hash IS NOT NULL
           AND hash NOT IN (SELECT hash FROM items WHERE dataset_id <> ? AND hash IS NOT NULL)`
      )
      .pluck()
      .all(datasetId, datasetId) as string[]
    // A finished job of a removed dataset would otherwise resume into a new, empty dataset.
    lib.db.prepare('DELETE FROM jobs WHERE dataset_id = ?').run(datasetId)
    // Items, feature sets, vectors, sequences, runs and cached stages go with it (ON DELETE CASCADE).
    const removed = lib.db.prepare('DELETE FROM datasets WHERE id = ?').run(datasetId).changes > 0
    return removed ? unshared : null
  })()
  if (hashes === null) return { removed: false, thumbnails: 0 }
  const root = join(libraryFolder(lib), 'models')
  for (const dir of modelDirs) {
    const absolute = join(libraryFolder(lib), dir)
    const inside = relative(root, absolute)
    // Only a folder under the library's models folder is ever deleted.
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) rmSync(absolute, { recursive: true, force: true })
  }
  let thumbnails = 0
  for (const hash of hashes) {
    if (!HASH.test(hash)) continue
    // A thumbnail that cannot be deleted only costs disk space; the records are gone already.
    try {
      rmSync(thumbnailPath(lib.thumbnailDir, hash), { force: true })
      // The viewer's large version, made when the image was first opened there.
      rmSync(previewPath(lib.thumbnailDir, hash), { force: true })
      thumbnails++
    } catch {
      /* left for the user's cleaning of the cache folder */
    }
  }
  return { removed: true, thumbnails }
}
