import type { Database } from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportSummary } from '../../../shared/contract'
import { openLibrary } from '../connection'
import { DatasetsRepo } from './datasets'
import { JobsRepo } from './jobs'

let db: Database
let jobs: JobsRepo

beforeEach(() => {
  db = openLibrary(':memory:')
  jobs = new JobsRepo(db)
})

afterEach(() => {
  db.close()
})

const ownerOf = (id: number): number | null => (db.prepare('SELECT owner_pid AS p FROM jobs WHERE id = ?').get(id) as { p: number | null }).p
const setOwner = (id: number, pid: number | null): void => {
  db.prepare('UPDATE jobs SET owner_pid = ? WHERE id = ?').run(pid, id)
}

const summary: ImportSummary = {
  datasetId: 1, found: 10, processed: 8, unchanged: 2, ok: 7, partial: 1, errors: 2, duplicates: 1, missing: 0,
  skipped: [{ path: 'link', reason: 'Symbolic link not followed.' }], seconds: 1.5
}

describe('JobsRepo', () => {
  it('creates a queued job owned by this process, with waiting progress', () => {
    const datasetId = new DatasetsRepo(db).ensure('/d', 'd')
    const job = jobs.create('import', 'Import of d', datasetId, { root: '/d' })
    expect(job).toMatchObject({
      kind: 'import',
      state: 'queued',
      title: 'Import of d',
      datasetId,
      progress: { phase: 'Waiting', done: 0, total: null },
      error: null,
      result: null
    })
    expect(job.id).toBeGreaterThan(0)
    expect(ownerOf(job.id)).toBe(process.pid)
    expect(jobs.get(job.id)).toEqual(job)
  })

  it('gives back the params it was created with', () => {
    const params = { root: '/a b/ü', followSymlinks: true, nested: { list: [1, 2, 3], none: null } }
    const job = jobs.create('import', 't', null, params)
    expect(jobs.params<typeof params>(job.id)).toEqual(params)
    expect(() => jobs.params(9999)).toThrow(/There is no job 9999/)
  })

  it('updates only the fields it is given', () => {
    const job = jobs.create('import', 't', null, {})
    const running = jobs.update(job.id, { state: 'running' })
    expect(running).toMatchObject({ state: 'running', progress: { phase: 'Waiting', done: 0, total: null }, error: null, result: null })

    const progressed = jobs.update(job.id, { progress: { phase: 'Reading images', done: 3, total: 10 } })
    expect(progressed).toMatchObject({ state: 'running', progress: { phase: 'Reading images', done: 3, total: 10 } })

    const failed = jobs.update(job.id, { state: 'failed', error: { kind: 'io', message: 'Disk full.' }, result: summary })
    expect(failed).toMatchObject({ state: 'failed', error: { kind: 'io', message: 'Disk full.' }, result: summary })
    expect(failed.progress).toEqual({ phase: 'Reading images', done: 3, total: 10 })

    // null clears, undefined leaves as it is.
    const cleared = jobs.update(job.id, { error: null })
    expect(cleared.error).toBeNull()
    expect(cleared.result).toEqual(summary)
    expect(jobs.update(job.id, { result: null }).result).toBeNull()

    const datasetId = new DatasetsRepo(db).ensure('/x', 'x')
    expect(jobs.update(job.id, { datasetId }).datasetId).toBe(datasetId)
  })

  it('takes ownership for this process when a job starts running', () => {
    const job = jobs.create('import', 't', null, {})
    setOwner(job.id, 424242)
    jobs.update(job.id, { progress: { phase: 'x', done: 1, total: 2 } })
    expect(ownerOf(job.id)).toBe(424242)
    jobs.update(job.id, { state: 'running' })
    expect(ownerOf(job.id)).toBe(process.pid)
  })

  it('lists active jobs first, then the newest finished ones, up to the limit', () => {
    const ids = ['done', 'running', 'failed', 'queued', 'cancelled', 'done'].map((state, i) => {
      const job = jobs.create('import', `job ${i}`, null, {})
      jobs.update(job.id, { state: state as 'done' })
      return job.id
    })
    const [d0, r1, f2, q3, c4, d5] = ids as [number, number, number, number, number, number]
    expect(jobs.list().map((j) => j.id)).toEqual([q3, r1, d5, c4, f2, d0])
    expect(jobs.list(3).map((j) => j.id)).toEqual([q3, r1, d5])
  })

  it('get is undefined for an unknown id', () => {
    expect(jobs.get(5)).toBeUndefined()
  })
})

describe('JobsRepo.markInterrupted', () => {
  const DEAD = 900_001
  const ALIVE = 900_002

  it('marks jobs of a process that is gone interrupted, and leaves the others', () => {
    const isAlive = (pid: number): boolean => pid === ALIVE
    const deadRunning = jobs.create('import', 'dead running', null, {})
    jobs.update(deadRunning.id, { state: 'running' })
    setOwner(deadRunning.id, DEAD)
    const deadQueued = jobs.create('import', 'dead queued', null, {})
    setOwner(deadQueued.id, DEAD)
    const deadDone = jobs.create('import', 'dead done', null, {})
    jobs.update(deadDone.id, { state: 'done' })
    setOwner(deadDone.id, DEAD)
    const aliveRunning = jobs.create('import', 'alive running', null, {})
    jobs.update(aliveRunning.id, { state: 'running' })
    setOwner(aliveRunning.id, ALIVE)
    const mine = jobs.create('import', 'mine', null, {})
    jobs.update(mine.id, { state: 'running' })
    const noOwner = jobs.create('import', 'no owner', null, {})
    jobs.update(noOwner.id, { state: 'running' })
    setOwner(noOwner.id, null)

    expect(jobs.markInterrupted(isAlive)).toBe(3)

    for (const id of [deadRunning.id, deadQueued.id, noOwner.id]) {
      const job = jobs.get(id)!
      expect(job.state).toBe('interrupted')
      expect(job.error?.kind).toBe('interrupted')
      expect(job.error?.message).toMatch(/Resume it/)
    }
    expect(jobs.get(deadDone.id)?.state).toBe('done')
    expect(jobs.get(aliveRunning.id)?.state).toBe('running')
    expect(jobs.get(mine.id)?.state).toBe('running')
    // A second look finds nothing more.
    expect(jobs.markInterrupted(isAlive)).toBe(0)
  })

  it('never asks whether this process is alive, even when the check would say no', () => {
    const asked: number[] = []
    const job = jobs.create('import', 'mine', null, {})
    jobs.update(job.id, { state: 'running' })
    expect(
      jobs.markInterrupted((pid) => {
        asked.push(pid)
        return false
      })
    ).toBe(0)
    expect(asked).not.toContain(process.pid)
    expect(jobs.get(job.id)?.state).toBe('running')
  })

  it('by default treats this process as alive and a non-existent pid as gone', () => {
    const job = jobs.create('import', 'orphan', null, {})
    jobs.update(job.id, { state: 'running' })
    // Far above any pid_max, so no process has it.
    setOwner(job.id, 2 ** 30)
    const mine = jobs.create('import', 'mine', null, {})
    expect(jobs.markInterrupted()).toBe(1)
    expect(jobs.get(job.id)?.state).toBe('interrupted')
    expect(jobs.get(mine.id)?.state).toBe('queued')
  })
})
