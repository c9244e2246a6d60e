/** Records of the library as the renderer and the CLI see them. Types and constants only. */
import type { DatasetKind } from './features'

export type ItemStatus = 'ok' | 'partial' | 'error' | 'missing'

export const ITEM_STATUSES: readonly ItemStatus[] = ['ok', 'partial', 'error', 'missing']

/** Where a dataset's items came from. */
export type DatasetSource =
  | { type: 'folder' }
  /** MNIST-style IDX: an image file and, optionally, its labels (the groups). */
  | { type: 'idx-images'; images: string; labels: string | null; rows: number; cols: number }
  /** A file of vectors; the label column, when there is one, gives the groups. */
  | { type: 'vectors'; path: string; format: 'csv' | 'tsv' | 'json' | 'idx'; labels: string | null; labelColumn: string | null }
  | { type: 'sequences'; path: string; format: 'fasta' | 'lines' }

export interface DatasetSummary {
  id: number
  name: string
  /** Absolute path of the folder (or file) the dataset was imported from. */
  root: string
  kind: DatasetKind
  source: DatasetSource
  createdAt: string
  updatedAt: string
  itemCount: number
  okCount: number
  partialCount: number
  errorCount: number
  missingCount: number
  duplicateCount: number
  groupCount: number
}

/** One image of a dataset, in the compact form the gallery needs. */
export interface ItemCell {
  id: number
  /** File name without its folder. */
  name: string
  /** Index into `ItemList.groups`. */
  group: number
  status: ItemStatus
  /** Why the file could not be read (error), or what was lenient about it (partial). */
  reason: string | null
  /** Id of the first item with the same content, when this file is an exact duplicate. */
  duplicateOf: number | null
  /** A sequence's first residues, shown instead of a thumbnail (sequences have none). */
  preview?: string
}

export interface ItemList {
  datasetId: number
  /** Sub-folder paths relative to the dataset root; '' is the root itself. Sorted. */
  groups: string[]
  /** Sorted by group, then by path. */
  items: ItemCell[]
}

export interface ItemDetail {
  id: number
  datasetId: number
  relPath: string
  /** Where the file lies, to show the user; null when the item is not a file of its own (a row, an IDX digit). */
  absPath: string | null
  group: string
  status: ItemStatus
  reason: string | null
  /** Bytes of the file. */
  size: number
  hash: string | null
  format: string | null
  width: number | null
  height: number | null
  duplicateOf: number | null
}
