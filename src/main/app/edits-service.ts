/**
 * Hand edits of a run's clusters: apply, undo, redo and the history, each committed in one
 * transaction (the edit, the run's materialised labels, its cluster names and the dataset's labels)
 * before the caller answers, so what the user sees as saved is on disk.
 */
import type { ClusterMeta, EditHistory, EditOp, EditResult, EditState } from '../../shared/types/edits'
import { MAX_SPLIT_K } from '../../shared/types/edits'
import { kmeans } from '../engine/cluster/kmeans'
import { kmeansAuto } from '../engine/cluster/kmeans-auto'
import { applyEdit, clustersOf, EditError, membersOf, resolveEdit, undoEdit, type ClusterState, type RecordedEdit } from './edit-ops'
import { insertEdit, listEdits, loadState, saveState, setUndone, syncLabels, type StoredEdit } from './edits-store'
import { NotFoundError } from './errors'
import type { Library } from './library'

interface RunBase {
  id: number
  datasetId: number
  seed: number
  itemIds: Int32Array
  layout: Float32Array
  labels: Int32Array
}

function runBase(lib: Library, runId: number): RunBase {
  const summary = lib.runs.get(runId)
  const arrays = lib.runs.arrays(runId)
  if (!summary || !arrays) throw new NotFoundError(`There is no run ${runId}; it may have been deleted.`)
  return { id: runId, datasetId: summary.datasetId, seed: summary.settings.seed, ...arrays }
}

/** The run's clusters after its edits, for the run's detail: labels per row and the names. */
export function editedClusters(lib: Library, runId: number, computed: Int32Array): { labels: Int32Array; meta: Map<number, ClusterMeta> } {
  return loadState(lib.db, runId, computed)
}

function stateOf(lib: Library, run: RunBase, state: ClusterState, edits: readonly StoredEdit[]): EditState {
  const done = edits.filter((e) => !e.undone)
  const undo = done.at(-1)
  const redo = edits.find((e) => e.undone)
  return {
    runId: run.id,
    datasetId: run.datasetId,
    applied: done.length,
    canUndo: undo !== undefined,
    canRedo: redo !== undefined,
    undoDescription: undo?.edit.description ?? null,
    redoDescription: redo?.edit.description ?? null,
    clusters: clustersOf(state)
  }
}

export function editState(lib: Library, runId: number): EditState {
  const run = runBase(lib, runId)
  return stateOf(lib, run, loadState(lib.db, runId, run.labels), listEdits(lib.db, runId))
}

export function editHistory(lib: Library, runId: number): EditHistory {
  const run = runBase(lib, runId)
  const edits = listEdits(lib.db, runId)
  return {
    state: stateOf(lib, run, loadState(lib.db, runId, run.labels), edits),
    entries: edits.map((e) => ({ id: e.id, seq: e.seq, kind: e.edit.op.kind, description: e.edit.description, undone: e.undone, createdAt: e.createdAt }))
  }
}

/** A split's sub-cluster of each member, from the members' places on the run's map. */
async function splitLabels(run: RunBase, rows: number[], k: number | 'auto'): Promise<Int32Array> {
  if (rows.length < 2) throw new EditError('A cluster of one image cannot be split.')
  if (k !== 'auto' && (k < 2 || k > Math.min(MAX_SPLIT_K, rows.length))) {
    throw new EditError(`Split into 2 to ${Math.min(MAX_SPLIT_K, rows.length)} parts: this cluster has ${rows.length} images.`)
  }
  const data = new Float32Array(rows.length * 2)
  rows.forEach((r, i) => data.set(run.layout.subarray(2 * r, 2 * r + 2), 2 * i))
  const matrix = { data, rows: rows.length, cols: 2 }
  if (k !== 'auto') return kmeans(matrix, k, { seed: run.seed }).labels
  if (rows.length < 4) return kmeans(matrix, 2, { seed: run.seed }).labels
  return (await kmeansAuto(matrix, { seed: run.seed, kMax: Math.min(10, rows.length - 1) })).result.labels
}

/** Records an edit and answers once it is committed. */
export async function applyRunEdit(lib: Library, runId: number, op: EditOp): Promise<EditResult> {
  const run = runBase(lib, runId)
  let split: Int32Array | undefined
  if (op.kind === 'split') {
    const before = loadState(lib.db, runId, run.labels)
    split = await splitLabels(run, membersOf(before.labels, op.cluster), op.k)
  }
  const rowOf = rowIndex(run.itemIds)
  const editId = lib.db.transaction(() => {
    // Read again inside the transaction: the state is what this edit is checked against.
    const state = loadState(lib.db, runId, run.labels)
    const edit = resolveEdit(state, op, { rowOf, split })
    const next = applyEdit(state, edit)
    const id = insertEdit(lib.db, runId, edit)
    commit(lib, run, next, edit)
    return id
  })()
  return answer(lib, run, editId)
}

export function undoRunEdit(lib: Library, runId: number): EditResult {
  const run = runBase(lib, runId)
  const editId = lib.db.transaction(() => {
    const last = listEdits(lib.db, runId).filter((e) => !e.undone).at(-1)
    if (!last) return null
    const next = undoEdit(loadState(lib.db, runId, run.labels), last.edit)
    setUndone(lib.db, last.id, true)
    commit(lib, run, next, last.edit)
    return last.id
  })()
  return answer(lib, run, editId)
}

export function redoRunEdit(lib: Library, runId: number): EditResult {
  const run = runBase(lib, runId)
  const editId = lib.db.transaction(() => {
    const first = listEdits(lib.db, runId).find((e) => e.undone)
    if (!first) return null
    const next = applyEdit(loadState(lib.db, runId, run.labels), first.edit)
    setUndone(lib.db, first.id, false)
    commit(lib, run, next, first.edit)
    return first.id
  })()
  return answer(lib, run, editId)
}

function commit(lib: Library, run: RunBase, next: ClusterState, edit: RecordedEdit): void {
  saveState(lib.db, run.id, next, edit.meta.map((m) => m.cluster))
  const applied = listEdits(lib.db, run.id).filter((e) => !e.undone).map((e) => e.edit)
  syncLabels(lib.db, run, next, applied)
}

function answer(lib: Library, run: RunBase, editId: number | null): EditResult {
  if (editId !== null) lib.bus.emit('edits:changed', { runId: run.id, datasetId: run.datasetId })
  return { editId, state: editState(lib, run.id) }
}

function rowIndex(itemIds: Int32Array): (id: number) => number | undefined {
  const rows = new Map<number, number>()
  itemIds.forEach((id, row) => rows.set(id, row))
  return (id) => rows.get(id)
}
