import type { Database } from 'better-sqlite3'
import type { RunMetrics, RunSettings, RunSummary } from '../../../shared/contract'

/** What a finished run stores. */
export interface RunRecord {
  datasetId: number
  /** null for a run that needs none (a sequence dataset's). */
  featureSetId: number | null
  featureLabel: string
  settings: RunSettings
  nClusters: number
  noiseFraction: number
  metrics: RunMetrics
  chosen: RunSummary['chosen']
  timings: Record<string, number>
  notes: string[]
  warnings: string[]
  itemIds: Int32Array
  /** x, y interleaved. */
  layout: Float32Array
  labels: Int32Array
}

export interface RunArrays {
  itemIds: Int32Array
  layout: Float32Array
  labels: Int32Array
}

interface Row {
  id: number
  datasetId: number
  datasetName: string
  featureSetId: number | null
  featureLabel: string
  settings: string
  n: number
  nClusters: number
  noiseFraction: number
  metrics: string
  chosen: string
  timings: string
  notes: string
  warnings: string
  createdAt: string
}

const SELECT = `
  SELECT r.id, r.dataset_id AS datasetId, d.name AS datasetName, r.feature_set_id AS featureSetId,
    r.feature_label AS featureLabel, r.settings, r.n, r.n_clusters AS nClusters, r.noise_fraction AS noiseFraction,
    r.metrics, r.chosen, r.timings, r.notes, r.warnings, r.created_at AS createdAt
  FROM runs r JOIN datasets d ON d.id = r.dataset_id`

function toSummary(r: Row): RunSummary {
  return {
    ...r,
    settings: JSON.parse(r.settings) as RunSettings,
    metrics: JSON.parse(r.metrics) as RunMetrics,
    chosen: JSON.parse(r.chosen) as RunSummary['chosen'],
    timings: JSON.parse(r.timings) as Record<string, number>,
    notes: JSON.parse(r.notes) as string[],
    warnings: JSON.parse(r.warnings) as string[]
  }
}

const bytes = (a: Int32Array | Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/** Copies a BLOB into a typed array (a BLOB's buffer need not be aligned for a view). */
function typed<T extends Int32Array | Float32Array>(blob: Buffer, make: (n: number) => T): T {
  const out = make(blob.length / 4)
  new Uint8Array(out.buffer).set(blob)
  return out
}

/** Finished clustering runs: the history. */
export class RunsRepo {
  constructor(private readonly db: Database) {}

  save(r: RunRecord): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO runs (dataset_id, feature_set_id, feature_label, settings, n, n_clusters, noise_fraction, metrics, chosen,
             timings, notes, warnings, item_ids, layout, labels) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          r.datasetId, r.featureSetId, r.featureLabel, JSON.stringify(r.settings), r.itemIds.length, r.nClusters, r.noiseFraction,
          JSON.stringify(r.metrics), JSON.stringify(r.chosen), JSON.stringify(r.timings), JSON.stringify(r.notes),
          JSON.stringify(r.warnings), bytes(r.itemIds), bytes(r.layout), bytes(r.labels)
        ).lastInsertRowid
    )
  }

  list(datasetId?: number): RunSummary[] {
    const rows = datasetId === undefined
      ? (this.db.prepare(`${SELECT} ORDER BY r.id DESC`).all() as Row[])
      : (this.db.prepare(`${SELECT} WHERE r.dataset_id = ? ORDER BY r.id DESC`).all(datasetId) as Row[])
    return rows.map(toSummary)
  }

  get(id: number): RunSummary | undefined {
    const row = this.db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as Row | undefined
    return row && toSummary(row)
  }

  arrays(id: number): RunArrays | undefined {
    const row = this.db.prepare('SELECT item_ids, layout, labels FROM runs WHERE id = ?').get(id) as
      | { item_ids: Buffer; layout: Buffer; labels: Buffer }
      | undefined
    if (!row) return undefined
    return {
      itemIds: typed(row.item_ids, (n) => new Int32Array(n)),
      layout: typed(row.layout, (n) => new Float32Array(n)),
      labels: typed(row.labels, (n) => new Int32Array(n))
    }
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0
  }
}

/** Stage outputs kept between runs; the least recently used go first past a size budget. */
export class StageCacheRepo {
  constructor(private readonly db: Database, private readonly budgetBytes = 512 * 1024 * 1024) {}

  get(key: string): Float32Array | undefined {
    const row = this.db.prepare('SELECT value FROM stage_cache WHERE key = ?').get(key) as { value: Buffer } | undefined
    if (!row) return undefined
    this.db.prepare(`UPDATE stage_cache SET used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE key = ?`).run(key)
    return typed(row.value, (n) => new Float32Array(n))
  }

  set(datasetId: number, key: string, value: Float32Array): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT OR REPLACE INTO stage_cache (key, dataset_id, value) VALUES (?, ?, ?)').run(key, datasetId, bytes(value))
      let total = (this.db.prepare('SELECT COALESCE(SUM(LENGTH(value)), 0) AS n FROM stage_cache').get() as { n: number }).n
      const oldest = this.db.prepare('SELECT key, LENGTH(value) AS size FROM stage_cache WHERE key != ? ORDER BY used_at').iterate(key) as IterableIterator<{ key: string; size: number }>
      const drop: string[] = []
      for (const r of oldest) {
        if (total <= this.budgetBytes) break
        drop.push(r.key)
        total -= r.size
      }
      const del = this.db.prepare('DELETE FROM stage_cache WHERE key = ?')
      for (const k of drop) del.run(k)
    })()
  }
}
