import type { Database } from 'better-sqlite3'
import type { BackendReport, CurvePoint, ModelInfo, ModelKind } from '../../../shared/contract'

/** A model as stored: what the contract shows (its files' contents aside), and where its files are. */
export interface ModelRecord extends Omit<ModelInfo, 'scoreHistogram'> {
  /** The model's folder, relative to the library's folder; null for an ONNX file. */
  dir: string | null
  /** The ONNX file, absolute; null for a trained model. */
  onnxPath: string | null
  updatedAt: string
}

interface ModelRow {
  id: number
  datasetId: number | null
  kind: ModelKind
  label: string
  params: string
  reason: string | null
  backend: string | null
  curve: string
  bestEpoch: number | null
  metrics: string
  state: ModelInfo['state']
  dir: string | null
  onnxPath: string | null
  featureSetId: number | null
  createdAt: string
  updatedAt: string
}

const SELECT = `SELECT id, dataset_id AS datasetId, kind, label, params, reason, backend, curve, best_epoch AS bestEpoch,
  metrics, state, dir, onnx_path AS onnxPath, feature_set_id AS featureSetId, created_at AS createdAt, updated_at AS updatedAt
  FROM models`

function toRecord(row: ModelRow): ModelRecord {
  return {
    ...row,
    params: JSON.parse(row.params) as ModelInfo['params'],
    backend: row.backend === null ? null : (JSON.parse(row.backend) as BackendReport),
    curve: JSON.parse(row.curve) as CurvePoint[],
    metrics: JSON.parse(row.metrics) as Record<string, number>
  }
}

export interface NewModel {
  datasetId: number | null
  kind: ModelKind
  label: string
  params: ModelInfo['params']
  reason: string | null
  state: ModelInfo['state']
  onnxPath?: string | null
}

export interface ModelUpdate {
  label?: string
  params?: ModelInfo['params']
  state?: ModelInfo['state']
  dir?: string | null
  backend?: BackendReport | null
  curve?: CurvePoint[]
  bestEpoch?: number | null
  metrics?: Record<string, number>
  featureSetId?: number | null
}

const COLUMNS: Record<keyof ModelUpdate, string> = {
  label: 'label', params: 'params', state: 'state', dir: 'dir', backend: 'backend', curve: 'curve', bestEpoch: 'best_epoch', metrics: 'metrics', featureSetId: 'feature_set_id'
}
const JSON_FIELDS = new Set<keyof ModelUpdate>(['params', 'backend', 'curve', 'metrics'])

/** Learned models: their parameters, training record and files. */
export class ModelsRepo {
  constructor(private readonly db: Database) {}

  list(datasetId?: number): ModelRecord[] {
    const rows = datasetId === undefined
      ? this.db.prepare(`${SELECT} ORDER BY id`).all()
      : this.db.prepare(`${SELECT} WHERE dataset_id = ? ORDER BY id`).all(datasetId)
    return (rows as ModelRow[]).map(toRecord)
  }

  get(id: number): ModelRecord | undefined {
    const row = this.db.prepare(`${SELECT} WHERE id = ?`).get(id) as ModelRow | undefined
    return row && toRecord(row)
  }

  /** The ONNX model registered for a file, if there is one. */
  findOnnx(onnxPath: string): ModelRecord | undefined {
    const row = this.db.prepare(`${SELECT} WHERE kind = 'onnx' AND onnx_path = ? ORDER BY id LIMIT 1`).get(onnxPath) as ModelRow | undefined
    return row && toRecord(row)
  }

  create(m: NewModel): number {
    return Number(
      this.db
        .prepare('INSERT INTO models (dataset_id, kind, label, params, reason, state, onnx_path) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(m.datasetId, m.kind, m.label, JSON.stringify(m.params), m.reason, m.state, m.onnxPath ?? null).lastInsertRowid
    )
  }

  update(id: number, changes: ModelUpdate): ModelRecord {
    const keys = (Object.keys(changes) as (keyof ModelUpdate)[]).filter((k) => changes[k] !== undefined)
    if (keys.length > 0) {
      const sets = keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')
      const values = keys.map((k) => (JSON_FIELDS.has(k) && changes[k] !== null ? JSON.stringify(changes[k]) : changes[k]))
      this.db.prepare(`UPDATE models SET ${sets}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(...values, id)
    }
    const record = this.get(id)
    if (!record) throw new Error(`There is no model ${id}.`)
    return record
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM models WHERE id = ?').run(id).changes > 0
  }
}
