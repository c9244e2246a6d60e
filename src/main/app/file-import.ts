import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { DatasetSource, ImportSummary, JobOf } from '../../shared/contract'
import { thumbnailPath } from '../engine/io/decode'
import { encodeGrayPng } from '../engine/io/png-encode'
import {
  detectTableFormat, maybeGunzip, readDelimited, readFasta, readIdxHeader, readIdxImages, readIdxLabels, readIdxVectors,
  readJsonVectors, readSequenceLines, type SequenceSet, type VectorTable
} from '../engine/io/tables'
import type { ItemRecord } from '../store/repos/items'
import { FEATURE_METHODS } from '../engine/features'
import { JobCancelledError, type JobContext } from '../jobs/runner'
import { canonicalJson } from './canonical-json'
import { IMPORTED_METHOD } from './features-service'
import { UserInputError } from './import-service'
import type { Library } from './library'

export interface FileImportParams {
  root: string
  file: true
  /** IDX: the labels file; found beside the images when not given. */
  labels?: string | null
  /** CSV/TSV: the label column by name or 0-based index; 'auto' guesses, null means none. */
  labelColumn?: string | number | null
}

/** Rows written per transaction. */
const BATCH = 2000

/** Creates (or reuses) the dataset of a file and the job that imports it. */
export function createFileImportJob(lib: Library, root: string, options: Omit<FileImportParams, 'root' | 'file'> = {}): JobOf<'import'> {
  const datasetId = lib.datasets.ensure(root, basename(root), 'vectors', { type: 'vectors', path: root, format: 'csv', labels: null, labelColumn: null })
  const params: FileImportParams = { root, file: true, ...options }
  return lib.jobs.create('import', `Import of ${basename(root)}`, datasetId, params)
}

/** The labels file of an MNIST-style images file: `…-images-idx3-ubyte` → `…-labels-idx1-ubyte`. */
export function idxLabelsBeside(images: string): string | null {
  const name = basename(images)
  if (!/images[.-]idx3[.-]ubyte/.test(name)) return null
  const candidate = join(dirname(images), name.replace(/images([.-])idx3/, 'labels$1idx1'))
  return existsSync(candidate) ? candidate : null
}

/**
 * Imports a file of vectors or sequences, or an IDX file of images. Each row or record becomes an
 * item (its label, when the file has one, is the group); vectors become the dataset's 'imported'
 * feature set; IDX images get thumbnails and a ready 'pixels' feature set. Items are matched by
 * name on a re-import, so runs made on the dataset keep pointing at the same items.
 */
export async function runFileImport(ctx: JobContext, lib: Library, datasetId: number, params: FileImportParams): Promise<ImportSummary> {
  const started = performance.now()
  ctx.progress({ phase: 'Reading the file', done: 0, total: null })
  const st = await stat(params.root)
  const bytes = maybeGunzip(await readFile(params.root))
  const format = detectTableFormat(params.root, Buffer.from(bytes.subarray(0, 4096)))
  if (format === null) {
    throw new UserInputError(`${basename(params.root)} is not a file Likeness imports: use CSV, TSV, JSON vectors, MNIST-style IDX, FASTA, one sequence per line, or a folder of images.`)
  }
  const base = { size: st.size, mtimeMs: st.mtimeMs }
  if (format === 'idx') {
    const header = readIdxHeader(bytes)
    if (header.type === 'u8' && header.dims.length === 3) return importIdxImages(ctx, lib, datasetId, params, bytes, base, started)
    const table = readIdxVectors(bytes)
    const labels = params.labels ? readIdxLabels(maybeGunzip(await readFile(params.labels))) : null
    const vectors: VectorTable = {
      ids: Array.from({ length: table.rows }, (_, i) => `row ${i + 1}`), labels: labels && [...labels].map(String),
      columns: [], rows: table.rows, cols: table.cols, data: table.data, hadHeader: false, labelColumn: null
    }
    checkLabelCount(vectors.labels, table.rows, params.labels ?? '')
    return importVectors(ctx, lib, datasetId, params, vectors, { type: 'vectors', path: params.root, format: 'idx', labels: params.labels ?? null, labelColumn: null }, base, started)
  }
  const text = Buffer.from(bytes).toString('utf8')
  if (format === 'fasta' || format === 'lines') {
    const set = format === 'fasta' ? readFasta(text) : readSequenceLines(text)
    return importSequences(ctx, lib, datasetId, set, { type: 'sequences', path: params.root, format }, base, started)
  }
  const table = format === 'json'
    ? readJsonVectors(text)
    : readDelimited(text, { delimiter: format === 'tsv' ? '\t' : undefined, labelColumn: params.labelColumn === undefined ? 'auto' : params.labelColumn })
  return importVectors(ctx, lib, datasetId, params, table, { type: 'vectors', path: params.root, format, labels: null, labelColumn: table.labelColumn }, base, started)
}

function checkLabelCount(labels: readonly unknown[] | null, rows: number, file: string): void {
  if (labels && labels.length !== rows) {
    throw new UserInputError(`${basename(file)} holds ${labels.length} labels for ${rows} rows: give the labels file that belongs to this one.`)
  }
}

/** Item names must be unique in a dataset: a repeated id gets " (2)", " (3)"… */
function uniqueNames(ids: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return ids.map((id) => {
    const n = (seen.get(id) ?? 0) + 1
    seen.set(id, n)
    return n === 1 ? id : `${id} (${n})`
  })
}

interface Base {
  size: number
  mtimeMs: number
}

/** Writes item rows in batches, calling `extra` inside each batch's transaction with their ids. */
function writeItems(
  ctx: JobContext, lib: Library, datasetId: number, records: ItemRecord[], phase: string,
  extra: (ids: number[], start: number) => void
): void {
  const known = lib.items.known(datasetId)
  const names = new Set(records.map((r) => r.relPath))
  lib.items.removeOrMarkMissing(datasetId, [...known.keys()].filter((p) => !names.has(p)))
  for (let start = 0; start < records.length; start += BATCH) {
    if (ctx.signal.aborted) throw new JobCancelledError(`Stopped after ${start} of ${records.length} rows; import again to continue.`)
    const part = records.slice(start, start + BATCH)
    lib.db.transaction(() => {
      const { ids } = lib.items.saveBatch(datasetId, part)
      lib.featureSets.forgetItems(ids)
      extra(ids, start)
    })()
    ctx.progress({ phase, done: Math.min(records.length, start + BATCH), total: records.length })
  }
  lib.datasets.touch(datasetId)
  lib.bus.emit('datasets:changed', { datasetId })
}

function fileSet(lib: Library, datasetId: number, method: string, params: Record<string, unknown>, dimension: number): number {
  const canonical = canonicalJson(params)
  const found = lib.featureSets.find(datasetId, method, canonical, '')
  if (found && found.dimension === dimension) return found.id
  if (found) lib.featureSets.remove(found.id)
  return lib.featureSets.create(datasetId, method, canonical, '', dimension, 'file')
}

async function importVectors(
  ctx: JobContext, lib: Library, datasetId: number, params: FileImportParams, table: VectorTable, source: DatasetSource, base: Base, started: number
): Promise<ImportSummary> {
  lib.datasets.setSource(datasetId, 'vectors', source)
  const names = uniqueNames(table.ids)
  const records: ItemRecord[] = names.map((name, i) => ({
    relPath: name, group: table.labels?.[i] ?? '', ...base, hash: null, format: source.type === 'vectors' ? source.format : null,
    width: null, height: null, status: 'ok', reason: null
  }))
  const setId = fileSet(lib, datasetId, IMPORTED_METHOD, {}, table.cols)
  writeItems(ctx, lib, datasetId, records, 'Storing vectors', (ids, start) => {
    lib.featureSets.putVectors(setId, table.cols, ids.map((itemId, i) => ({ itemId, vector: table.data.subarray((start + i) * table.cols, (start + i + 1) * table.cols) })))
  })
  return summary(lib, datasetId, records.length, started)
}

async function importSequences(
  ctx: JobContext, lib: Library, datasetId: number, set: SequenceSet, source: DatasetSource, base: Base, started: number
): Promise<ImportSummary> {
  lib.datasets.setSource(datasetId, 'sequences', source)
  const names = uniqueNames(set.ids)
  const records: ItemRecord[] = names.map((name, i) => ({
    relPath: name, group: set.groups?.[i] ?? '', ...base, hash: null, format: source.type === 'sequences' ? source.format : null,
    width: set.sequences[i]!.length, height: null, status: 'ok', reason: null
  }))
  const put = lib.db.prepare('INSERT OR REPLACE INTO sequences (item_id, residues, description) VALUES (?, ?, ?)')
  writeItems(ctx, lib, datasetId, records, 'Storing sequences', (ids, start) => {
    ids.forEach((id, i) => put.run(id, set.sequences[start + i], set.descriptions[start + i] || null))
  })
  return summary(lib, datasetId, records.length, started)
}

async function importIdxImages(
  ctx: JobContext, lib: Library, datasetId: number, params: FileImportParams, bytes: Uint8Array, base: Base, started: number
): Promise<ImportSummary> {
  const idx = readIdxImages(bytes)
  const labelsPath = params.labels === undefined ? idxLabelsBeside(params.root) : params.labels
  const labels = labelsPath ? readIdxLabels(maybeGunzip(await readFile(labelsPath))) : null
  checkLabelCount(labels ? [...labels] : null, idx.count, labelsPath ?? '')
  lib.datasets.setSource(datasetId, 'images', { type: 'idx-images', images: params.root, labels: labelsPath, rows: idx.rows, cols: idx.cols })
  const width = String(Math.max(0, idx.count - 1)).length
  const size = idx.rows * idx.cols
  const dir = lib.thumbnailDir
  const records: ItemRecord[] = []
  for (let i = 0; i < idx.count; i++) {
    if (i % 5000 === 0) {
      if (ctx.signal.aborted) throw new JobCancelledError('Stopped while writing thumbnails; import again to continue.')
      ctx.progress({ phase: 'Writing thumbnails', done: i, total: idx.count })
      await new Promise((r) => setImmediate(r))
    }
    const png = encodeGrayPng(idx.cols, idx.rows, idx.pixels.subarray(i * size, (i + 1) * size))
    const hash = createHash('sha256').update(png).digest('hex')
    const target = thumbnailPath(dir, hash)
    if (!existsSync(target)) {
      // Thumbnails show the user's images: folders and files for the user alone, whatever the umask.
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
      writeFileSync(`${target}.tmp`, png, { mode: 0o600 })
      renameSync(`${target}.tmp`, target)
    }
    records.push({
      relPath: String(i).padStart(width, '0'), group: labels ? String(labels[i]) : '', ...base, hash, format: 'idx',
      width: idx.cols, height: idx.rows, status: 'ok', reason: null
    })
  }
  // The pixels are the 'pixels' feature at the file's own size: ready without computing anything.
  const pixelParams = idx.rows === idx.cols ? FEATURE_METHODS.pixels.params({ size: idx.rows, color: 'gray' }) : null
  const setId = pixelParams ? fileSet(lib, datasetId, 'pixels', pixelParams as unknown as Record<string, unknown>, size) : null
  writeItems(ctx, lib, datasetId, records, 'Storing images', (ids, start) => {
    if (setId === null) return
    lib.featureSets.putVectors(setId, size, ids.map((itemId, i) => {
      const v = new Float32Array(size)
      const px = idx.pixels.subarray((start + i) * size, (start + i + 1) * size)
      for (let k = 0; k < size; k++) v[k] = px[k]! / 255
      return { itemId, vector: v }
    }))
  })
  return summary(lib, datasetId, records.length, started)
}

function summary(lib: Library, datasetId: number, rows: number, started: number): ImportSummary {
  const d = lib.datasets.get(datasetId)
  return {
    datasetId, kind: d?.kind, found: rows, processed: rows, unchanged: 0, ok: d?.okCount ?? 0, partial: 0, errors: d?.errorCount ?? 0,
    duplicates: d?.duplicateCount ?? 0, missing: d?.missingCount ?? 0, skipped: [], seconds: (performance.now() - started) / 1000
  }
}
