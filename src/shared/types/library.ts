/** Records of the library as the renderer and the CLI see them. Types and constants only. */

export type ItemStatus = 'ok' | 'partial' | 'error' | 'missing'

export const ITEM_STATUSES: readonly ItemStatus[] = ['ok', 'partial', 'error', 'missing']

export interface DatasetSummary {
  id: number
  name: string
  /** Absolute path of the folder the dataset was imported from. */
  root: string
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
  group: string
  status: ItemStatus
  reason: string | null
  size: number
  hash: string | null
  format: string | null
  width: number | null
  height: number | null
  duplicateOf: number | null
}
