/**
 * The SQL of hand edits: a run's recorded edits, its materialised labels, its clusters' names, and
 * the labels these give the dataset's items. Every function runs inside the caller's transaction.
 */
import type { Database } from 'better-sqlite3'
import type { ClusterMeta } from '../../shared/types/edits'
import { rowLabels, touchedRows, type ClusterState, type RecordedEdit } from './edit-ops'

export interface StoredEdit {
  id: number
  seq: number
  undone: boolean
  createdAt: string
  edit: RecordedEdit
}

const bytes = (a: Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

function int32s(blob: Buffer): Int32Array {
  const out = new Int32Array(blob.length / 4)
  new Uint8Array(out.buffer).set(blob)
  return out
}

/** The run's clusters now: the materialised labels after its edits (its own labels before any) and the names. */
export function loadState(db: Database, runId: number, computed: Int32Array): ClusterState {
  const row = db.prepare('SELECT labels FROM run_clusters_state WHERE run_id = ?').get(runId) as { labels: Buffer } | undefined
  const meta = new Map<number, ClusterMeta>()
  const rows = db.prepare('SELECT cluster, name, colour, notes FROM clusters WHERE run_id = ?').all(runId) as ({ cluster: number } & ClusterMeta)[]
  for (const r of rows) meta.set(r.cluster, { name: r.name, colour: r.colour, notes: r.notes })
  return { labels: row ? int32s(row.labels) : computed, meta }
}

/** Writes the state's labels and the clusters whose metadata the edit changed. */
export function saveState(db: Database, runId: number, state: ClusterState, changed: readonly number[]): void {
  db.prepare(
    `INSERT INTO run_clusters_state (run_id, labels) VALUES (?, ?)
     ON CONFLICT(run_id) DO UPDATE SET labels = excluded.labels, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`
  ).run(runId, bytes(state.labels))
  const upsert = db.prepare(
    `INSERT INTO clusters (run_id, cluster, name, colour, notes) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(run_id, cluster) DO UPDATE SET name = excluded.name, colour = excluded.colour, notes = excluded.notes`
  )
  const remove = db.prepare('DELETE FROM clusters WHERE run_id = ? AND cluster = ?')
  for (const c of new Set(changed)) {
    const m = state.meta.get(c)
    if (m) upsert.run(runId, c, m.name, m.colour, m.notes)
    else remove.run(runId, c)
  }
}

export function listEdits(db: Database, runId: number): StoredEdit[] {
  const rows = db.prepare('SELECT id, seq, undone, created_at AS createdAt, op FROM run_edits WHERE run_id = ? ORDER BY seq').all(runId) as {
    id: number
    seq: number
    undone: number
    createdAt: string
    op: string
  }[]
  return rows.map((r) => ({ id: r.id, seq: r.seq, undone: r.undone === 1, createdAt: r.createdAt, edit: JSON.parse(r.op) as RecordedEdit }))
}

/** Records a new edit; the undone ones after it (the redo history) are dropped, as in any editor. */
export function insertEdit(db: Database, runId: number, edit: RecordedEdit): number {
  db.prepare('DELETE FROM run_edits WHERE run_id = ? AND undone = 1').run(runId)
  const { seq } = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM run_edits WHERE run_id = ?').get(runId) as { seq: number }
  return Number(db.prepare('INSERT INTO run_edits (run_id, seq, op) VALUES (?, ?, ?)').run(runId, seq, JSON.stringify(edit)).lastInsertRowid)
}

export function setUndone(db: Database, editId: number, undone: boolean): void {
  db.prepare('UPDATE run_edits SET undone = ? WHERE id = ?').run(undone ? 1 : 0, editId)
}

/**
 * Brings the dataset's labels in line with the run's edits: items in named clusters and items the
 * user placed by hand carry their cluster's label; labels this run set before and no longer gives
 * are removed. Only the differences are written, so an edit of a few items writes a few rows.
 */
export function syncLabels(db: Database, run: { id: number; datasetId: number; itemIds: Int32Array }, state: ClusterState, applied: readonly RecordedEdit[]): void {
  const wanted = rowLabels(state, touchedRows(applied))
  const current = new Map(
    (db.prepare('SELECT item_id AS itemId, label FROM item_labels WHERE run_id = ?').all(run.id) as { itemId: number; label: string }[]).map((r) => [r.itemId, r.label])
  )
  const upsert = db.prepare(
    `INSERT INTO item_labels (dataset_id, item_id, label, source, run_id, updated_at)
       SELECT ?, id, ?, 'user', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM items WHERE id = ? AND dataset_id = ?
     ON CONFLICT(dataset_id, item_id) DO UPDATE SET label = excluded.label, source = 'user', run_id = excluded.run_id, updated_at = excluded.updated_at`
  )
  const remove = db.prepare('DELETE FROM item_labels WHERE run_id = ? AND item_id = ?')
  run.itemIds.forEach((itemId, row) => {
    const label = wanted[row]
    const had = current.get(itemId)
    if (label === null || label === undefined) {
      if (had !== undefined) remove.run(run.id, itemId)
    } else if (had !== label) {
      upsert.run(run.datasetId, label, run.id, itemId, run.datasetId)
    }
  })
}
