import type { Database } from 'better-sqlite3'
import type { DatasetKind, DatasetSource, DatasetSummary } from '../../../shared/contract'

const SUMMARY_SQL = `
  SELECT d.id, d.name, d.root, d.kind, d.source, d.created_at AS createdAt, d.updated_at AS updatedAt,
    COUNT(i.id) AS itemCount,
    COALESCE(SUM(i.status = 'ok'), 0) AS okCount,
    COALESCE(SUM(i.status = 'partial'), 0) AS partialCount,
    COALESCE(SUM(i.status = 'error'), 0) AS errorCount,
    COALESCE(SUM(i.status = 'missing'), 0) AS missingCount,
    COALESCE(SUM(i.duplicate_of IS NOT NULL), 0) AS duplicateCount,
    COUNT(DISTINCT i.grp) AS groupCount
  FROM datasets d LEFT JOIN items i ON i.dataset_id = d.id`

export class DatasetsRepo {
  constructor(private readonly db: Database) {}

  list(): DatasetSummary[] {
    return (this.db.prepare(`${SUMMARY_SQL} GROUP BY d.id ORDER BY d.updated_at DESC, d.id DESC`).all() as Row[]).map(toSummary)
  }

  get(id: number): DatasetSummary | undefined {
    const row = this.db.prepare(`${SUMMARY_SQL} WHERE d.id = ? GROUP BY d.id`).get(id) as Row | undefined
    return row && toSummary(row)
  }

  findByRoot(root: string): { id: number; name: string } | undefined {
    return this.db.prepare('SELECT id, name FROM datasets WHERE root = ?').get(root) as { id: number; name: string } | undefined
  }

  /** The dataset of a folder (or file): the existing one when it was imported before. */
  ensure(root: string, name: string, kind: DatasetKind = 'images', source: DatasetSource = { type: 'folder' }): number {
    const found = this.findByRoot(root)
    if (found) return found.id
    return Number(
      this.db.prepare('INSERT INTO datasets (root, name, kind, source) VALUES (?, ?, ?, ?)').run(root, name, kind, JSON.stringify(source))
        .lastInsertRowid
    )
  }

  /** Records where a file dataset's items came from (a re-import may name another labels file). */
  setSource(id: number, kind: DatasetKind, source: DatasetSource): void {
    this.db.prepare('UPDATE datasets SET kind = ?, source = ? WHERE id = ?').run(kind, JSON.stringify(source), id)
  }

  touch(id: number): void {
    this.db.prepare(`UPDATE datasets SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(id)
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0
  }
}

type Row = Omit<DatasetSummary, 'source'> & { source: string }

function toSummary(row: Row): DatasetSummary {
  return { ...row, source: JSON.parse(row.source) as DatasetSource }
}
