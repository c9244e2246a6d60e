import { basename, resolve } from 'node:path'
import { stat, access, constants } from 'node:fs/promises'
import type { ImportSummary, JobOf, SkippedEntry } from '../../shared/contract'
import { scanFolder, type ScannedFile } from '../engine/io/scan'
import type { DecodedFile } from '../engine/io/decode'
import type { ItemRecord } from '../store/repos/items'
import { JobCancelledError, type JobContext } from '../jobs/runner'
import type { Library } from './library'
import { FEATURE_METHODS, featureMethod, type FeatureParams } from '../engine/features'
import { hogForImages } from '../engine/features/image-defaults'
import { sampleImageSizes } from './image-sizes'
import { canonicalJson } from './canonical-json'

export interface ImportParams {
  root: string
  followSymlinks: boolean
  /** Largest image (width × height) to decode; the library's limit when absent. */
  maxPixels?: number
}

export class UserInputError extends Error {
  override name = 'invalid-input'
}

/** How many looked-at files are written per transaction, and how long results may wait. */
const BATCH_SIZE = 200
const BATCH_MS = 250
/** How long a cancelled import waits for files already being decoded. */
const CANCEL_GRACE_MS = 400
/**
 * Files sent to a worker in one message: up to CHUNK_FILES, and no more than CHUNK_BYTES of them
 * together, so that small images share the cost of a message while a photo still goes alone.
 */
const CHUNK_FILES = 32
const CHUNK_BYTES = 256 * 1024

/** Checks a folder before an import job is created for it, with an error that says what to do. */
export async function checkImportFolder(path: string): Promise<string> {
  const root = resolve(path)
  let st
  try {
    st = await stat(root)
  } catch {
    throw new UserInputError(`Folder not found: ${root}. Check the path and try again.`)
  }
  if (!st.isDirectory()) throw new UserInputError(`${root} is a file, not a folder. Import the folder that contains it.`)
  await checkReadable(root, st.isDirectory())
  return root
}

/**
 * Checks a folder of images, or a file of vectors or sequences, before an import job is created
 * for it. The error says what to do.
 */
export async function checkImportPath(path: string): Promise<{ root: string; isFile: boolean }> {
  const root = resolve(path)
  let st
  try {
    st = await stat(root)
  } catch {
    throw new UserInputError(`Folder or file not found: ${root}. Check the path and try again.`)
  }
  if (!st.isDirectory() && !st.isFile()) throw new UserInputError(`${root} is neither a folder nor a file: import a folder of images or a vector or sequence file.`)
  await checkReadable(root, st.isDirectory())
  return { root, isFile: st.isFile() }
}

async function checkReadable(root: string, isDirectory: boolean): Promise<void> {
  try {
    await access(root, isDirectory ? constants.R_OK | constants.X_OK : constants.R_OK)
  } catch {
    throw new UserInputError(`${isDirectory ? 'Folder' : 'File'} cannot be read: ${root}. Give your user read access to it and try again.`)
  }
}

/**
 * Creates (or reuses) the dataset of a folder and the job that imports it. `maxMegapixels`: the
 * largest image to decode, as the import panel asks for it.
 */
export function createImportJob(lib: Library, root: string, followSymlinks: boolean, maxMegapixels?: number): JobOf<'import'> {
  const datasetId = lib.datasets.ensure(root, basename(root) || root)
  const params: ImportParams = { root, followSymlinks, ...(maxMegapixels !== undefined && { maxPixels: Math.round(maxMegapixels * 1e6) }) }
  return lib.jobs.create('import', `Import of ${basename(root) || root}`, datasetId, params)
}

/**
 * Imports a folder into its dataset: scan, then decode and thumbnail every new or changed file on
 * the worker pool, writing results in small transactions. Re-running it (after a change, a cancel
 * or a kill) looks only at files whose size or modification time differ from the library's record,
 * so it continues where it stopped and never creates a second row for a file.
 */
export async function runImport(ctx: JobContext, lib: Library, datasetId: number, params: ImportParams): Promise<ImportSummary> {
  const started = performance.now()
  ctx.progress({ phase: 'Scanning folders', done: 0, total: null })
  const scan = await scanFolder(params.root, {
    followSymlinks: params.followSymlinks,
    signal: ctx.signal,
    onProgress: (found) => ctx.progress({ phase: 'Scanning folders', done: found, total: null })
  })
  const known = lib.items.known(datasetId)
  const limit = params.maxPixels ?? lib.decodeOptions().limitInputPixels
  const tooLarge = nowWithinLimit(lib, datasetId, limit)
  const seen = new Set<string>()
  const todo: ScannedFile[] = []
  for (const f of scan.files) {
    seen.add(f.relPath)
    const k = known.get(f.relPath)
    if (!k || k.size !== f.size || k.mtimeMs !== f.mtimeMs || k.status === 'missing' || tooLarge.has(f.relPath)) todo.push(f)
  }
  const skipped: SkippedEntry[] = []
  const folderErrors: ItemRecord[] = []
  for (const p of scan.problems) {
    if (p.severity === 'skipped') skipped.push({ path: p.relPath, reason: p.reason })
    else {
      seen.add(p.relPath)
      const slash = p.relPath.lastIndexOf('/')
      folderErrors.push({
        relPath: p.relPath, group: slash < 0 ? '' : p.relPath.slice(0, slash), size: 0, mtimeMs: 0,
        hash: null, format: null, width: null, height: null, status: 'error', reason: p.reason
      })
    }
  }
  if (folderErrors.length > 0) lib.items.saveBatch(datasetId, folderErrors)
  const gone = [...known.keys()].filter((p) => !seen.has(p))
  lib.items.removeOrMarkMissing(datasetId, gone)

  const features = lib.importFeatures ? await importFeatureSet(lib, datasetId, todo, ctx) : null
  const decodeOptions = { ...lib.decodeOptions(), limitInputPixels: limit, ...(features && { features: features.features }) }
  const total = todo.length
  let done = 0
  let batch: (ItemRecord & { vector?: Float32Array })[] = []
  let batchStarted = performance.now()
  const flush = (): void => {
    if (batch.length === 0) return
    const saved = batch
    lib.db.transaction(() => {
      const { ids } = lib.items.saveBatch(datasetId, saved)
      // These files are new or changed: vectors computed from their old content are stale.
      lib.featureSets.forgetItems(ids)
      if (features) {
        const entries = ids.flatMap((itemId, i) => (saved[i]!.vector ? [{ itemId, vector: saved[i]!.vector! }] : []))
        lib.featureSets.putVectors(features.id, features.dimension, entries)
      }
      // In the same transaction: a commit of its own cost a second wait for the disk per batch.
      lib.datasets.touch(datasetId)
    })()
    batch = []
    batchStarted = performance.now()
    lib.bus.emit('datasets:changed', { datasetId })
  }
  ctx.progress({ phase: 'Reading images', done: 0, total })

  const pool = lib.importPool()
  const inFlight = new Set<Promise<void>>()
  const stopped = aborted(ctx.signal)
  let closed = false
  const maxInFlight = pool.size * 3
  const record = (file: ScannedFile, d: DecodedFile): void => {
    // Files that finish after a cancelled import has closed are left for the next import.
    if (closed) return
    batch.push({ relPath: file.relPath, group: file.group, size: file.size, mtimeMs: file.mtimeMs, ...d, reason: withPanelHint(d.reason) })
    done++
    ctx.progress({ phase: 'Reading images', done, total })
    if (batch.length >= BATCH_SIZE || performance.now() - batchStarted > BATCH_MS) flush()
  }
  const decode = (files: readonly ScannedFile[]): Promise<void> =>
    pool.run({ absPaths: files.map((f) => f.absPath), options: decodeOptions }).then(
      (results) => files.forEach((f, i) => record(f, results[i]!)),
      async (err: Error & { kind?: string }) => {
        // A chunk that crashed its worker: its files again one by one, so that only the file at
        // fault fails, as when every file was a task of its own.
        if (err.kind === 'worker-crashed' && files.length > 1 && !closed) {
          await Promise.all(files.map((f) => decode([f])))
          return
        }
        const failed: DecodedFile = {
          hash: null, format: null, width: null, height: null, status: 'error',
          reason: `The decoder failed on this file: ${err.message}`
        }
        for (const f of files) record(f, failed)
      }
    )
  for (const files of chunks(todo)) {
    if (ctx.signal.aborted) break
    const p = decode(files)
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p))
    if (inFlight.size >= maxInFlight) await Promise.race([...inFlight, stopped])
  }
  if (ctx.signal.aborted) {
    await Promise.race([Promise.all(inFlight), delay(CANCEL_GRACE_MS)])
  } else {
    await Promise.all(inFlight)
  }
  flush()
  closed = true

  const summary = summarise(lib, datasetId, scan.files.length, done, scan.files.length - total, gone.length, skipped, started)
  if (ctx.signal.aborted) {
    throw Object.assign(new JobCancelledError(`Stopped after ${done} of ${total} files; import again to continue.`), { partial: summary })
  }
  return summary
}

/**
 * The feature set an import fills on its way. The first import of a dataset chooses HOG's
 * parameters from the sizes of a sample of its images and keeps the reason; later imports fill
 * the same set, so a dataset's vectors always share one parameter set.
 */
async function importFeatureSet(
  lib: Library, datasetId: number, todo: readonly ScannedFile[], ctx: JobContext
): Promise<{ id: number; dimension: number; features: { method: string; params: FeatureParams } } | null> {
  const found = lib.featureSets.importSet(datasetId)
  if (found) {
    const method = featureMethod(found.method)
    return { id: found.id, dimension: found.dimension, features: { method: found.method, params: method.params(found.params) } }
  }
  if (todo.length === 0) return null
  ctx.progress({ phase: 'Reading image sizes', done: 0, total: null })
  const { params, reason } = hogForImages(await sampleImageSizes(todo.map((f) => f.absPath)))
  const dimension = FEATURE_METHODS.hog.dimension(params)
  const id = lib.featureSets.create(datasetId, 'hog', canonicalJson(params as unknown as Record<string, unknown>), '', dimension, 'import', reason)
  return { id, dimension, features: { method: 'hog', params } }
}

function summarise(
  lib: Library, datasetId: number, found: number, processed: number, unchanged: number,
  missing: number, skipped: SkippedEntry[], started: number
): ImportSummary {
  const d = lib.datasets.get(datasetId)
  return {
    datasetId, kind: 'images', found, processed, unchanged,
    ok: d?.okCount ?? 0, partial: d?.partialCount ?? 0, errors: d?.errorCount ?? 0, duplicates: d?.duplicateCount ?? 0,
    missing, skipped, seconds: (performance.now() - started) / 1000
  }
}

/** The start of the decoder's reason for an image over the pixel limit. */
const TOO_LARGE = 'Image is too large'
const TOO_LARGE_SQL = "SELECT rel_path AS relPath, reason FROM items WHERE dataset_id = ? AND status = 'error' AND reason LIKE ?"
const CLI_HINT = 'Raise the pixel limit (--max-pixels) to import it.'

/**
 * Files refused earlier for their size that the limit of this import lets in: they are decoded
 * again though unchanged on disk. The reason holds the image's size (or, failing that, the limit
 * it was refused under), so a re-import under the same limit reads none of them again.
 */
function nowWithinLimit(lib: Library, datasetId: number, limit: number): Set<string> {
  const rows = lib.db.prepare(TOO_LARGE_SQL).all(datasetId, `${TOO_LARGE}%`) as { relPath: string; reason: string }[]
  const found = new Set<string>()
  for (const { relPath, reason } of rows) {
    const dims = /(\d+) × (\d+) pixels exceeds/.exec(reason)
    const before = /limit of ([\d,]+) pixels/.exec(reason)
    const pixels = dims ? Number(dims[1]) * Number(dims[2]) : null
    const oldLimit = before ? Number(before[1]!.replace(/,/g, '')) : Infinity
    if (pixels !== null ? pixels <= limit : oldLimit < limit) found.add(relPath)
  }
  return found
}

/**
 * The decoder names only the command line's way to raise the pixel limit; a user of the app
 * raises it in the import panel, so the reason names both.
 */
export function withPanelHint(reason: string | null): string | null {
  if (reason === null || !reason.startsWith(TOO_LARGE)) return reason
  return reason.replace(
    CLI_HINT,
    'Raise "Largest image" in the import panel (or --max-pixels on the command line) and import the folder again.'
  )
}

/** The files to decode, in chunks of up to CHUNK_FILES files and CHUNK_BYTES bytes (a larger file alone). */
function* chunks(files: readonly ScannedFile[]): Generator<ScannedFile[]> {
  let chunk: ScannedFile[] = []
  let bytes = 0
  for (const f of files) {
    if (chunk.length > 0 && (chunk.length >= CHUNK_FILES || bytes + f.size > CHUNK_BYTES)) {
      yield chunk
      chunk = []
      bytes = 0
    }
    chunk.push(f)
    bytes += f.size
  }
  if (chunk.length > 0) yield chunk
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((res) => (signal.aborted ? res() : signal.addEventListener('abort', () => res(), { once: true })))
}

const delay = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms))
