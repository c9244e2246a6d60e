import type { Database, Statement } from 'better-sqlite3'
import type { FeatureOrigin, FeatureSetInfo } from '../../../shared/contract'

/** A feature set as stored; the app adds the method's label. */
export type FeatureSetRecord = Omit<FeatureSetInfo, 'label' | 'isDefault'>

/** The vectors of a feature set as one row-major matrix, with the item of each row. */
export interface FeatureMatrix {
  itemIds: Int32Array
  data: Float32Array
  rows: number
  cols: number
}

interface SetRow {
  id: number
  datasetId: number
  method: string
  params: string
  post: string
  dimension: number
  origin: FeatureOrigin
  failedCount: number
  failedReason: string | null
  seconds: number
  reason: string | null
  createdAt: string
  updatedAt: string
  vectorCount: number
  eligibleCount: number
}

/** Items whose vectors a set can hold: those that were read. Missing and unreadable ones cannot. */
const ELIGIBLE = `status IN ('ok', 'partial')`

const SELECT_SETS = `
  SELECT s.id, s.dataset_id AS datasetId, s.method, s.params, s.post, s.dimension, s.origin,
    s.failed_count AS failedCount, s.failed_reason AS failedReason, s.seconds, s.reason,
    s.created_at AS createdAt, s.updated_at AS updatedAt,
    (SELECT COUNT(*) FROM feature_vectors v JOIN items i ON i.id = v.item_id
      WHERE v.feature_set_id = s.id AND i.${ELIGIBLE}) AS vectorCount,
    (SELECT COUNT(*) FROM items i WHERE i.dataset_id = s.dataset_id AND i.${ELIGIBLE}) AS eligibleCount
  FROM feature_sets s`

function toRecord(row: SetRow): FeatureSetRecord {
  return {
    ...row,
    params: JSON.parse(row.params) as FeatureSetRecord['params'],
    // Items the method failed on count as done: trying them again gives the same failure.
    complete: row.vectorCount + row.failedCount >= row.eligibleCount
  }
}

/**
 * Feature sets and their vectors. A vector is a float32 array stored as its little-endian bytes,
 * one row per item, so a set can be filled in batches and a batch taken back.
 */
export class FeatureSetsRepo {
  private readonly insertVector: Statement
  private readonly touch: Statement

  constructor(private readonly db: Database) {
    this.insertVector = db.prepare(
      'INSERT OR REPLACE INTO feature_vectors (feature_set_id, item_id, vector) VALUES (?, ?, ?)'
    )
    this.touch = db.prepare(`UPDATE feature_sets SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`)
  }

  list(datasetId: number): FeatureSetRecord[] {
    return (this.db.prepare(`${SELECT_SETS} WHERE s.dataset_id = ? ORDER BY s.id`).all(datasetId) as SetRow[]).map(toRecord)
  }

  get(id: number): FeatureSetRecord | undefined {
    const row = this.db.prepare(`${SELECT_SETS} WHERE s.id = ?`).get(id) as SetRow | undefined
    return row && toRecord(row)
  }

  /** The set of a method, canonical parameters and post-processing, if there is one. */
  find(datasetId: number, method: string, params: string, post: string): FeatureSetRecord | undefined {
    const row = this.db
      .prepare(`${SELECT_SETS} WHERE s.dataset_id = ? AND s.method = ? AND s.params = ? AND s.post = ?`)
      .get(datasetId, method, params, post) as SetRow | undefined
    return row && toRecord(row)
  }

  /** A new set; `reason` says why its parameters were chosen when the app chose them. */
  create(datasetId: number, method: string, params: string, post: string, dimension: number, origin: FeatureOrigin, reason: string | null = null): number {
    return Number(
      this.db
        .prepare('INSERT INTO feature_sets (dataset_id, method, params, post, dimension, origin, reason) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(datasetId, method, params, post, dimension, origin, reason).lastInsertRowid
    )
  }

  /** The set an image import fills, if the dataset has one (the first, should there be more). */
  importSet(datasetId: number): FeatureSetRecord | undefined {
    const row = this.db.prepare(`${SELECT_SETS} WHERE s.dataset_id = ? AND s.origin = 'import' AND s.post = '' ORDER BY s.id LIMIT 1`).get(datasetId) as SetRow | undefined
    return row && toRecord(row)
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM feature_sets WHERE id = ?').run(id).changes > 0
  }

  /** Readable items of the dataset that have no vector in the set yet, in id order. */
  missingItems(setId: number): { id: number; relPath: string }[] {
    return this.db
      .prepare(
        `SELECT i.id, i.rel_path AS relPath FROM items i JOIN feature_sets s ON s.dataset_id = i.dataset_id
         WHERE s.id = ? AND i.${ELIGIBLE}
           AND NOT EXISTS (SELECT 1 FROM feature_vectors v WHERE v.feature_set_id = s.id AND v.item_id = i.id)
         ORDER BY i.id`
      )
      .all(setId) as { id: number; relPath: string }[]
  }

  /**
   * Stores vectors, all of them or none, in the caller's transaction when there is one. Each
   * vector must have the set's dimension.
   */
  putVectors(setId: number, dimension: number, entries: Iterable<{ itemId: number; vector: Float32Array }>): number {
    let n = 0
    this.db.transaction(() => {
      for (const { itemId, vector } of entries) {
        if (vector.length !== dimension) {
          throw new Error(`A vector of item ${itemId} has ${vector.length} values; this feature set holds ${dimension}.`)
        }
        this.insertVector.run(setId, itemId, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength))
        n++
      }
      if (n > 0) this.touch.run(setId)
    })()
    return n
  }

  /** Takes back the vectors of some items in one set (a cancelled job's). */
  deleteVectors(setId: number, itemIds: readonly number[]): void {
    const one = this.db.prepare('DELETE FROM feature_vectors WHERE feature_set_id = ? AND item_id = ?')
    this.db.transaction(() => {
      for (const id of itemIds) one.run(setId, id)
      this.touch.run(setId)
    })()
  }

  /** Drops every vector of items whose content changed, so each set computes them again. */
  forgetItems(itemIds: readonly number[]): void {
    const drop = this.db.prepare('DELETE FROM feature_vectors WHERE item_id = ? RETURNING feature_set_id')
    this.db.transaction(() => {
      const touched = new Set<number>()
      for (const id of itemIds) for (const r of drop.all(id) as { feature_set_id: number }[]) touched.add(r.feature_set_id)
      for (const s of touched) this.touch.run(s)
    })()
  }

  /** Adds the time and failures of one job to the set's record. */
  recordWork(setId: number, seconds: number, failed: number, failedReason: string | null): void {
    this.db
      .prepare(
        `UPDATE feature_sets SET seconds = seconds + ?, failed_count = failed_count + ?,
           failed_reason = COALESCE(?, failed_reason), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?`
      )
      .run(seconds, failed, failedReason, setId)
  }

  /** Resets the failure count before a job that tries every item without a vector again. */
  clearFailures(setId: number): void {
    this.db.prepare('UPDATE feature_sets SET failed_count = 0, failed_reason = NULL WHERE id = ?').run(setId)
  }

  /**
   * The vectors of the set's readable items, ordered by path: item ids follow the order in which an
   * import's workers finished, so two libraries of the same files give the same matrix only this way
   * (and a seeded run the same result).
   */
  loadMatrix(setId: number): FeatureMatrix {
    const set = this.db.prepare('SELECT dimension FROM feature_sets WHERE id = ?').get(setId) as { dimension: number } | undefined
    if (!set) throw new Error(`There is no feature set ${setId}.`)
    const cols = set.dimension
    const count = (
      this.db
        .prepare(`SELECT COUNT(*) AS n FROM feature_vectors v JOIN items i ON i.id = v.item_id WHERE v.feature_set_id = ? AND i.${ELIGIBLE}`)
        .get(setId) as { n: number }
    ).n
    const itemIds = new Int32Array(count)
    const data = new Float32Array(count * cols)
    const bytes = new Uint8Array(data.buffer)
    let row = 0
    const rows = this.db
      .prepare(
        `SELECT v.item_id, v.vector FROM feature_vectors v JOIN items i ON i.id = v.item_id
         WHERE v.feature_set_id = ? AND i.${ELIGIBLE} ORDER BY i.rel_path, v.item_id`
      )
      .raw()
      .iterate(setId) as IterableIterator<[number, Buffer]>
    for (const [itemId, blob] of rows) {
      if (row >= count) break
      if (blob.length !== cols * 4) throw new Error(`The vector of item ${itemId} in feature set ${setId} is damaged (${blob.length} bytes).`)
      itemIds[row] = itemId
      // Copied byte for byte: a BLOB's buffer need not be aligned for a Float32Array view.
      bytes.set(blob, row * cols * 4)
      row++
    }
    return { itemIds, data, rows: row, cols }
  }
}
