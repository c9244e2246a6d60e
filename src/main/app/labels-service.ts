/**
 * A dataset's labels: listed, exported (CSV or JSON, and optionally one folder per label with the
 * files copied or linked) and imported from a CSV whose rows name files by their path in the dataset.
 */
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { DatasetSummary } from '../../shared/contract'
import type { ItemLabel, ItemLabelSource, LabelExportRequest, LabelExportResult, LabelImportResult, LabelList } from '../../shared/types/edits'
import { NotFoundError } from './errors'
import { UserInputError } from './import-service'
import { labelsCsv, normalisePath, parseCsv } from './labels-csv'
import type { Library } from './library'

/** A label file larger than this is refused: a million rows of long paths fit well below it. */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024
/** Unmatched rows reported by name; the rest are counted. */
const UNMATCHED_SHOWN = 20

function datasetOf(lib: Library, id: number): DatasetSummary {
  const d = lib.datasets.get(id)
  if (!d) throw new NotFoundError(`There is no dataset ${id}; it may have been removed.`)
  return d
}

export function listLabels(lib: Library, datasetId: number): LabelList {
  datasetOf(lib, datasetId)
  const labels = lib.db
    .prepare(
      `SELECT l.item_id AS itemId, i.rel_path AS file, l.label, l.source, l.updated_at AS updatedAt
       FROM item_labels l JOIN items i ON i.id = l.item_id WHERE l.dataset_id = ? ORDER BY i.rel_path`
    )
    .all(datasetId) as ItemLabel[]
  const counts = new Map<string, number>()
  for (const l of labels) counts.set(l.label, (counts.get(l.label) ?? 0) + 1)
  return {
    datasetId,
    labels,
    counts: [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
  }
}

export function exportLabels(lib: Library, req: LabelExportRequest): LabelExportResult {
  const dataset = datasetOf(lib, req.datasetId)
  const { labels } = listLabels(lib, req.datasetId)
  const stem = `${dataset.name.replace(/[^\w.-]+/g, '_')}-labels`
  const text =
    req.format === 'csv'
      ? labelsCsv(labels)
      : `${JSON.stringify({ dataset: dataset.name, root: dataset.root, labels: labels.map(({ file, label, source, updatedAt }) => ({ file, label, source, updatedAt })) }, null, 2)}\n`
  const folderFiles = req.folder ? writeFolders(dataset, labels, req.folder) : null
  return { fileName: `${stem}.${req.format}`, text, count: labels.length, folderFiles }
}

/** A label as a folder name: path separators and characters no file system takes are replaced. */
export function folderName(label: string): string {
  const safe = [...label].map((c) => (c.charCodeAt(0) < 0x20 || '/\\:*?"<>|'.includes(c) ? '_' : c)).join('').replace(/^\.+$/, '_').trim()
  return safe || '_'
}

function writeFolders(dataset: DatasetSummary, labels: readonly ItemLabel[], folder: { path: string; mode: 'copy' | 'link' }): number {
  if (dataset.kind !== 'images') throw new UserInputError(`${dataset.name} was read from a file, not a folder of images: it has no files to put into label folders.`)
  if (existsSync(folder.path)) {
    if (!statSync(folder.path).isDirectory()) throw new UserInputError(`${folder.path} is a file: choose a new or empty folder for the label folders.`)
    if (readdirSync(folder.path).length > 0) throw new UserInputError(`${folder.path} is not empty: choose a new or empty folder, so that no file is overwritten.`)
  }
  mkdirSync(folder.path, { recursive: true })
  const used = new Set<string>()
  for (const l of labels) {
    const dir = join(folder.path, folderName(l.label))
    mkdirSync(dir, { recursive: true })
    // Files of the same name from different sub-folders are numbered rather than overwritten.
    const base = basename(l.file)
    let name = base
    for (let n = 2; used.has(join(dir, name)); n++) name = `${basename(base, extname(base))}-${n}${extname(base)}`
    used.add(join(dir, name))
    const source = join(dataset.root, l.file)
    if (folder.mode === 'link') symlinkSync(source, join(dir, name))
    else copyFileSync(source, join(dir, name), constants.COPYFILE_EXCL)
  }
  return labels.length
}

/** Reads a CSV of file,label[,source] rows and labels the items whose path matches; the others are reported. */
export function importLabels(lib: Library, datasetId: number, path: string): LabelImportResult {
  datasetOf(lib, datasetId)
  if (!existsSync(path)) throw new UserInputError(`There is no file ${path}: check the path of the label CSV.`)
  if (statSync(path).size > MAX_IMPORT_BYTES) throw new UserInputError(`${path} is larger than 256 MB: split it into smaller label files.`)
  const rows = parseCsv(readFileSync(path, 'utf8'))
  if (rows[0] && rows[0][0]?.trim().toLowerCase() === 'file') rows.shift()
  if (rows.some((r) => r.length < 2)) throw new UserInputError(`${path} has rows without a label: each row needs file,label (and optionally source).`)
  const idOf = new Map(
    (lib.db.prepare('SELECT id, rel_path AS path FROM items WHERE dataset_id = ?').all(datasetId) as { id: number; path: string }[]).map((r) => [r.path, r.id])
  )
  const upsert = lib.db.prepare(
    `INSERT INTO item_labels (dataset_id, item_id, label, source, run_id) VALUES (?, ?, ?, ?, NULL)
     ON CONFLICT(dataset_id, item_id) DO UPDATE SET label = excluded.label, source = excluded.source, run_id = NULL,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`
  )
  const unmatched: string[] = []
  let matched = 0
  lib.db.transaction(() => {
    for (const [file, label, source] of rows) {
      const id = idOf.get(normalisePath(file!))
      const text = label!.trim()
      if (id === undefined || text === '') {
        unmatched.push(file!)
        continue
      }
      upsert.run(datasetId, id, text, sourceOf(source))
      matched++
    }
  })()
  return { matched, unmatchedCount: unmatched.length, unmatched: unmatched.slice(0, UNMATCHED_SHOWN) }
}

function sourceOf(text: string | undefined): ItemLabelSource {
  return text?.trim() === 'user' ? 'user' : 'import'
}
