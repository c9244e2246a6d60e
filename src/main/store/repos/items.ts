import type { Database, Statement } from 'better-sqlite3'
import type { ItemDetail, ItemList, ItemStatus } from '../../../shared/contract'

/** What the import knows about one file once it has been looked at. */
export interface ItemRecord {
  relPath: string
  group: string
  size: number
  mtimeMs: number
  hash: string | null
  format: string | null
  width: number | null
  height: number | null
  status: ItemStatus
  reason: string | null
}

export interface KnownFile {
  id: number
  size: number
  mtimeMs: number
  status: ItemStatus
}

export class ItemsRepo {
  private readonly upsertStmt: Statement
  private readonly relink: { run(p: { datasetId: number; hash: string | null; relPath: string }): void }
  private readonly isCopy: Statement

  constructor(private readonly db: Database) {
    this.upsertStmt = db.prepare(`
      INSERT INTO items (dataset_id, rel_path, grp, size, mtime_ms, hash, format, width, height, status, reason, duplicate_of)
      VALUES (@datasetId, @relPath, @group, @size, @mtimeMs, @hash, @format, @width, @height, @status, @reason, @duplicateOf)
      ON CONFLICT (dataset_id, rel_path) DO UPDATE SET
        grp = excluded.grp, size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash,
        format = excluded.format, width = excluded.width, height = excluded.height, status = excluded.status,
        reason = excluded.reason, duplicate_of = excluded.duplicate_of,
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      RETURNING id`)
    this.isCopy = db.prepare('SELECT duplicate_of IS NOT NULL AS copy FROM items WHERE dataset_id = ? AND rel_path = ?')
    // Every readable copy points at the readable item with its content that comes first by path, so
    // links never form a loop, follow a first file whose content changed, and do not depend on the
    // order in which the workers finished.
    // INDEXED BY: left to itself, SQLite served the ORDER BY from the (dataset, path) index and read
    // every item before this path for each saved file; by hash it reads only the copies.
    const target = `CASE WHEN items.status IN ('ok', 'partial') THEN (
         SELECT f.id FROM items f INDEXED BY items_hash WHERE f.dataset_id = items.dataset_id AND f.hash = items.hash
           AND f.status IN ('ok', 'partial') AND f.rel_path < items.rel_path ORDER BY f.rel_path LIMIT 1) END`
    // Two statements rather than one with OR, so each finds its rows through an index: with OR,
    // SQLite scanned the whole dataset for every saved file.
    const byHash = db.prepare(`UPDATE items SET duplicate_of = ${target} WHERE dataset_id = @datasetId AND hash = @hash`)
    const byFirst = db.prepare(
      `UPDATE items SET duplicate_of = ${target}
       WHERE duplicate_of = (SELECT id FROM items WHERE dataset_id = @datasetId AND rel_path = @relPath)`
    )
    this.relink = {
      run: (p: { datasetId: number; hash: string | null; relPath: string }) => {
        if (p.hash !== null) byHash.run(p)
        byFirst.run(p)
      }
    }
  }

  /** Files already in the library, by relative path, to decide what a re-import must look at. */
  known(datasetId: number): Map<string, KnownFile> {
    const rows = this.db
      .prepare('SELECT id, rel_path AS relPath, size, mtime_ms AS mtimeMs, status FROM items WHERE dataset_id = ?')
      .all(datasetId) as (KnownFile & { relPath: string })[]
    return new Map(rows.map((r) => [r.relPath, { id: r.id, size: r.size, mtimeMs: r.mtimeMs, status: r.status }]))
  }

  /**
   * Writes a batch of looked-at files in one transaction: all of them, or none after a crash.
   * Returns the id of each record's item, in order.
   */
  saveBatch(datasetId: number, records: readonly ItemRecord[]): { duplicates: number; ids: number[] } {
    return this.db.transaction(() => {
      const ids = records.map((r) => (this.upsertStmt.get({ datasetId, ...r, duplicateOf: null }) as { id: number }).id)
      for (const r of records) this.relink.run({ datasetId, hash: r.hash, relPath: r.relPath })
      const duplicates = records.filter((r) => (this.isCopy.get(datasetId, r.relPath) as { copy: number }).copy === 1).length
      return { duplicates, ids }
    })()
  }

  /**
   * Files no longer in the folder: an item that was read stays, marked missing, so nothing tied to
   * it is lost; an item that never could be read holds nothing and is removed.
   */
  removeOrMarkMissing(datasetId: number, relPaths: readonly string[]): void {
    const drop = this.db.prepare(`DELETE FROM items WHERE dataset_id = ? AND rel_path = ? AND status = 'error'`)
    const mark = this.db.prepare(
      `UPDATE items SET status = 'missing', reason = 'The file was not in the folder at the last import.',
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE dataset_id = ? AND rel_path = ?`
    )
    this.db.transaction(() => {
      for (const p of relPaths) if (drop.run(datasetId, p).changes === 0) mark.run(datasetId, p)
    })()
  }

  count(datasetId: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM items WHERE dataset_id = ?').get(datasetId) as { n: number }).n
  }

  list(datasetId: number): ItemList {
    const rows = this.db
      .prepare(
        `SELECT id, rel_path AS relPath, grp, status, reason, duplicate_of AS duplicateOf
         FROM items WHERE dataset_id = ? ORDER BY grp, rel_path`
      )
      .raw()
      .all(datasetId) as [number, string, string, ItemStatus, string | null, number | null][]
    const groups: string[] = []
    const items = rows.map(([id, relPath, grp, status, reason, duplicateOf]) => {
      if (groups.at(-1) !== grp) groups.push(grp)
      return { id, name: relPath.slice(relPath.lastIndexOf('/') + 1), group: groups.length - 1, status, reason, duplicateOf }
    })
    return { datasetId, groups, items }
  }

  /** The stored record of an item; where its file lies is for the service to tell. */
  get(id: number): Omit<ItemDetail, 'absPath'> | undefined {
    return this.db
      .prepare(
        `SELECT id, dataset_id AS datasetId, rel_path AS relPath, grp AS "group", status, reason, size, hash, format,
         width, height, duplicate_of AS duplicateOf FROM items WHERE id = ?`
      )
      .get(id) as Omit<ItemDetail, 'absPath'> | undefined
  }

  /** Content hash of an item that has a thumbnail, for the thumbnail protocol. */
  thumbnailHash(id: number): string | undefined {
    const row = this.db.prepare(`SELECT hash FROM items WHERE id = ? AND status IN ('ok', 'partial')`).get(id) as
      | { hash: string | null }
      | undefined
    return row?.hash ?? undefined
  }

  /** Width and height of up to `limit` readable items, spread over the dataset by id. */
  sizeSample(datasetId: number, limit: number): { width: number; height: number }[] {
    const n = (this.db.prepare(`SELECT COUNT(*) AS n FROM items WHERE dataset_id = ? AND status IN ('ok', 'partial') AND width > 0 AND height > 0`).get(datasetId) as { n: number }).n
    const every = Math.max(1, Math.floor(n / limit))
    return this.db
      .prepare(
        `SELECT width, height FROM (SELECT width, height, ROW_NUMBER() OVER (ORDER BY id) - 1 AS r FROM items
           WHERE dataset_id = ? AND status IN ('ok', 'partial') AND width > 0 AND height > 0) WHERE r % ? = 0 LIMIT ?`
      )
      .all(datasetId, every, limit) as { width: number; height: number }[]
  }
}
