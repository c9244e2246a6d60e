import type { Database } from 'better-sqlite3'
import type { ErrorInfo, JobInfo, JobKind, JobOf, JobProgress, JobResult, JobState } from '../../../shared/contract'

interface JobRow {
  id: number
  kind: JobKind
  state: JobState
  title: string
  datasetId: number | null
  params: string
  progress: string
  error: string | null
  result: string | null
  createdAt: string
  updatedAt: string
}

const COLUMNS = `id, kind, state, title, dataset_id AS datasetId, params, progress, error, result,
  created_at AS createdAt, updated_at AS updatedAt`

function toInfo(row: JobRow): JobInfo {
  // The kind column and the result written with it always agree: only the runner writes both.
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: row.title,
    datasetId: row.datasetId,
    progress: JSON.parse(row.progress) as JobProgress,
    error: row.error ? (JSON.parse(row.error) as ErrorInfo) : null,
    result: row.result ? (JSON.parse(row.result) as JobResult) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt
  } as JobInfo
}

export class JobsRepo {
  constructor(private readonly db: Database) {}

  create<K extends JobKind>(kind: K, title: string, datasetId: number | null, params: unknown): JobOf<K> {
    const progress: JobProgress = { phase: 'Waiting', done: 0, total: null }
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO jobs (kind, state, title, dataset_id, params, progress, owner_pid) VALUES (?, 'queued', ?, ?, ?, ?, ?)`
        )
        .run(kind, title, datasetId, JSON.stringify(params), JSON.stringify(progress), process.pid).lastInsertRowid
    )
    return this.get(id) as JobOf<K>
  }

  get(id: number): JobInfo | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined
    return row && toInfo(row)
  }

  params<T>(id: number): T {
    const row = this.db.prepare('SELECT params FROM jobs WHERE id = ?').get(id) as { params: string } | undefined
    if (!row) throw new Error(`There is no job ${id}.`)
    return JSON.parse(row.params) as T
  }

  /** Active jobs first, then the most recent finished ones. */
  list(limit = 50): JobInfo[] {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM jobs ORDER BY state IN ('queued', 'running') DESC, id DESC LIMIT ?`
      )
      .all(limit) as JobRow[]
    return rows.map(toInfo)
  }

  update(
    id: number,
    patch: { state?: JobState; progress?: JobProgress; error?: ErrorInfo | null; result?: JobResult | null; datasetId?: number }
  ): JobInfo {
    const sets: string[] = [`updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`]
    const values: unknown[] = []
    if (patch.state !== undefined) {
      sets.push('state = ?')
      values.push(patch.state)
    }
    if (patch.progress !== undefined) {
      sets.push('progress = ?')
      values.push(JSON.stringify(patch.progress))
    }
    if (patch.error !== undefined) {
      sets.push('error = ?')
      values.push(patch.error && JSON.stringify(patch.error))
    }
    if (patch.result !== undefined) {
      sets.push('result = ?')
      values.push(patch.result && JSON.stringify(patch.result))
    }
    if (patch.datasetId !== undefined) {
      sets.push('dataset_id = ?')
      values.push(patch.datasetId)
    }
    if (patch.state === 'running') {
      sets.push('owner_pid = ?')
      values.push(process.pid)
    }
    this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id)
    return this.get(id)!
  }

  /**
   * Jobs left running or queued by a process that ended without finishing them (a crash, a kill):
   * they are marked interrupted so the user can resume them.
   */
  markInterrupted(isAlive: (pid: number) => boolean = processIsAlive): number {
    const orphans = (
      this.db.prepare(`SELECT id, owner_pid AS pid FROM jobs WHERE state IN ('queued', 'running')`).all() as {
        id: number
        pid: number | null
      }[]
    ).filter((j) => j.pid === null || (j.pid !== process.pid && !isAlive(j.pid)))
    const stmt = this.db.prepare(
      `UPDATE jobs SET state = 'interrupted', error = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`
    )
    const error = JSON.stringify({
      kind: 'interrupted',
      message: 'Likeness stopped before this job finished. Resume it to continue where it stopped.'
    })
    this.db.transaction(() => orphans.forEach((j) => stmt.run(error, j.id)))()
    return orphans.length
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
