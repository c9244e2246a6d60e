/** Hand edits of a run's clusters, and the labels they give a dataset's items. Types and constants only. */

/** The cluster label of outliers (as noise is): items that belong to no cluster. */
export const OUTLIER_LABEL = -1

/** Most items one edit may name; a selection larger than this is refused. */
export const MAX_EDIT_ITEMS = 1_000_000

/** Most clusters a split may make. */
export const MAX_SPLIT_K = 50

/** What the user says about a cluster. */
export interface ClusterMeta {
  /** '' when unnamed: a named cluster's items carry its name as their label. */
  name: string
  /** A CSS colour (#rrggbb), or null for the palette's. */
  colour: string | null
  notes: string
}

/**
 * One edit as the user asks for it. Items are item ids (never row indices), so an edit keeps its
 * meaning whichever order the renderer holds them in.
 */
export type EditOp =
  | { kind: 'rename'; cluster: number; name?: string; colour?: string | null; notes?: string }
  /** Every listed cluster into the first. */
  | { kind: 'merge'; clusters: number[] }
  /** Re-cluster the cluster's members alone, with k given or chosen by silhouette. */
  | { kind: 'split'; cluster: number; k: number | 'auto' }
  | { kind: 'move'; items: number[]; to: number }
  | { kind: 'new-cluster'; items: number[]; name?: string }
  | { kind: 'outliers'; items: number[] }

export type EditKind = EditOp['kind']

/** One recorded edit of a run's history, newest last. */
export interface EditEntry {
  id: number
  seq: number
  kind: EditKind
  /** What it did, in a sentence ("Merged 3 and 7 into 3"). */
  description: string
  undone: boolean
  createdAt: string
}

/** A cluster as the edits left it. */
export interface EditedCluster {
  label: number
  size: number
  meta: ClusterMeta | null
}

/** A run's clusters after its edits, and where its history stands. */
export interface EditState {
  runId: number
  datasetId: number
  /** Edits applied (not undone). */
  applied: number
  canUndo: boolean
  canRedo: boolean
  /** What Undo and Redo would take back or do again, for their tooltips. */
  undoDescription: string | null
  redoDescription: string | null
  clusters: EditedCluster[]
}

export interface EditResult {
  /** The recorded edit (apply, redo) or the edit taken back (undo); null when there was none. */
  editId: number | null
  state: EditState
}

export interface EditHistory {
  state: EditState
  /** Oldest first; undone edits are those Redo would do again. */
  entries: EditEntry[]
}

export type ItemLabelSource = 'user' | 'import'

export interface ItemLabel {
  itemId: number
  /** The item's path within its dataset. */
  file: string
  label: string
  source: ItemLabelSource
  updatedAt: string
}

export interface LabelList {
  datasetId: number
  labels: ItemLabel[]
  /** Items per label, most first. */
  counts: { label: string; count: number }[]
}

export interface LabelExportRequest {
  datasetId: number
  format: 'csv' | 'json'
  /** Also lay the files out in one folder per label, copied or linked; the folder must be empty or new. */
  folder?: { path: string; mode: 'copy' | 'link' }
}

export interface LabelExportResult {
  fileName: string
  text: string
  count: number
  /** Files written into the label folders, when asked for. */
  folderFiles: number | null
}

export interface LabelImportResult {
  matched: number
  /** Rows whose file is no item of the dataset: the count and the first few. */
  unmatchedCount: number
  unmatched: string[]
}
