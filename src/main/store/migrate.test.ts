import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LibraryTooNewError, MIGRATIONS, migrate, type Migration } from './migrate'

const userVersion = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number

const tables = (db: Database.Database): string[] =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name)

interface ColumnInfo {
  name: string
  type: string
  notnull: number
  pk: number
}

const columns = (db: Database.Database, table: string): Record<string, { type: string; notnull: boolean; pk: boolean }> =>
  Object.fromEntries(
    (db.pragma(`table_info(${table})`) as ColumnInfo[]).map((c) => [c.name, { type: c.type, notnull: c.notnull === 1, pk: c.pk === 1 }])
  )

let db: Database.Database

beforeEach(() => {
  db = new Database(':memory:')
})

afterEach(() => {
  db.close()
})

describe('migrate', () => {
  it('brings a fresh database to version 1 with the datasets, items and jobs tables', () => {
    expect(userVersion(db)).toBe(0)
    expect(migrate(db)).toBe(1)
    expect(userVersion(db)).toBe(1)
    expect(tables(db)).toEqual(['datasets', 'items', 'jobs'])
  })

  it('creates the expected columns', () => {
    migrate(db)
    expect(Object.keys(columns(db, 'datasets'))).toEqual(['id', 'name', 'root', 'created_at', 'updated_at'])
    expect(Object.keys(columns(db, 'items'))).toEqual([
      'id', 'dataset_id', 'rel_path', 'grp', 'size', 'mtime_ms', 'hash', 'format', 'width', 'height',
      'status', 'reason', 'duplicate_of', 'updated_at'
    ])
    expect(Object.keys(columns(db, 'jobs'))).toEqual([
      'id', 'kind', 'state', 'title', 'dataset_id', 'params', 'progress', 'error', 'result', 'owner_pid',
      'created_at', 'updated_at'
    ])

    const items = columns(db, 'items')
    expect(items.id).toEqual({ type: 'INTEGER', notnull: false, pk: true })
    expect(items.dataset_id).toMatchObject({ type: 'INTEGER', notnull: true })
    expect(items.rel_path).toMatchObject({ type: 'TEXT', notnull: true })
    expect(items.mtime_ms).toMatchObject({ type: 'REAL', notnull: true })
    // What an unreadable file does not have may be null.
    for (const c of ['hash', 'format', 'width', 'height', 'reason', 'duplicate_of']) expect(items[c]?.notnull).toBe(false)

    const jobs = columns(db, 'jobs')
    expect(jobs.params?.notnull).toBe(true)
    expect(jobs.progress?.notnull).toBe(true)
    expect(jobs.owner_pid).toMatchObject({ type: 'INTEGER', notnull: false })
    expect(columns(db, 'datasets').root).toMatchObject({ type: 'TEXT', notnull: true })
  })

  it('is a no-op when run a second time', () => {
    migrate(db)
    db.prepare(`INSERT INTO datasets (name, root) VALUES ('a', '/a')`).run()
    const schemaBefore = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()
    expect(migrate(db)).toBe(1)
    expect(userVersion(db)).toBe(1)
    expect(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore)
    expect(db.prepare('SELECT COUNT(*) AS n FROM datasets').get()).toEqual({ n: 1 })
  })

  it('rolls back a failing migration completely and keeps the version before it', () => {
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: 2, name: '0002-broken', sql: 'CREATE TABLE x(a); SELECT * FROM no_such_table;' }
    ]
    expect(() => migrate(db, broken)).toThrow(/no_such_table/)
    expect(userVersion(db)).toBe(1)
    expect(tables(db)).not.toContain('x')
    expect(tables(db)).toEqual(['datasets', 'items', 'jobs'])
  })

  it('applies later migrations in order on top of earlier ones', () => {
    migrate(db)
    const later: Migration[] = [
      ...MIGRATIONS,
      { version: 2, name: '0002-a', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 3, name: '0003-b', sql: 'INSERT INTO a (x) VALUES (3);' }
    ]
    expect(migrate(db, later)).toBe(3)
    expect(db.prepare('SELECT x FROM a').all()).toEqual([{ x: 3 }])
    // The first migration was not run again (it would fail on the existing tables).
    expect(tables(db)).toEqual(['a', 'datasets', 'items', 'jobs'])
  })

  it('refuses a library written by a newer version and tells the user to update', () => {
    db.pragma('user_version = 7')
    let error: unknown
    try {
      migrate(db)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(LibraryTooNewError)
    expect((error as Error).name).toBe('LibraryTooNewError')
    expect((error as Error).message).toMatch(/newer version/)
    expect((error as Error).message).toMatch(/schema 7/)
    expect((error as Error).message).toMatch(/Update Likeness/)
    // Nothing was created or changed.
    expect(userVersion(db)).toBe(7)
    expect(tables(db)).toEqual([])
  })
})

describe('0001-init constraints', () => {
  beforeEach(() => {
    migrate(db)
    db.pragma('foreign_keys = ON')
    db.prepare(`INSERT INTO datasets (id, name, root) VALUES (1, 'one', '/one'), (2, 'two', '/two')`).run()
  })

  const insertItem = (datasetId: number, relPath: string, status = 'ok'): Database.RunResult =>
    db
      .prepare(`INSERT INTO items (dataset_id, rel_path, grp, size, mtime_ms, status) VALUES (?, ?, '', 1, 0, ?)`)
      .run(datasetId, relPath, status)

  it('accepts only the four item statuses', () => {
    for (const s of ['ok', 'partial', 'error', 'missing']) insertItem(1, `${s}.png`, s)
    expect(() => insertItem(1, 'x.png', 'broken')).toThrow(/CHECK constraint/)
    expect(() => insertItem(1, 'y.png', 'OK')).toThrow(/CHECK constraint/)
  })

  it('accepts only the known job states', () => {
    const insertJob = (state: string): Database.RunResult =>
      db.prepare(`INSERT INTO jobs (kind, state, title, params, progress) VALUES ('import', ?, 't', '{}', '{}')`).run(state)
    for (const s of ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']) insertJob(s)
    expect(() => insertJob('paused')).toThrow(/CHECK constraint/)
  })

  it('holds one item per relative path in a dataset, the same path in two datasets', () => {
    insertItem(1, 'a/b.png')
    expect(() => insertItem(1, 'a/b.png')).toThrow(/UNIQUE constraint/)
    expect(() => insertItem(2, 'a/b.png')).not.toThrow()
  })

  it('holds one dataset per root folder', () => {
    expect(() => db.prepare(`INSERT INTO datasets (name, root) VALUES ('again', '/one')`).run()).toThrow(/UNIQUE constraint/)
  })

  it('refuses an item of a dataset that does not exist', () => {
    expect(() => insertItem(99, 'a.png')).toThrow(/FOREIGN KEY constraint/)
  })

  it('removes the items of a removed dataset and keeps its jobs without the link', () => {
    insertItem(1, 'a.png')
    insertItem(1, 'b.png')
    insertItem(2, 'c.png')
    db.prepare(`INSERT INTO jobs (kind, state, title, dataset_id, params, progress) VALUES ('import', 'done', 't', 1, '{}', '{}')`).run()
    db.prepare('DELETE FROM datasets WHERE id = 1').run()
    expect(db.prepare('SELECT dataset_id AS d, rel_path AS p FROM items').all()).toEqual([{ d: 2, p: 'c.png' }])
    expect(db.prepare('SELECT dataset_id AS d FROM jobs').all()).toEqual([{ d: null }])
  })

  it('clears duplicate_of when the first copy is removed', () => {
    const first = Number(insertItem(1, 'a.png').lastInsertRowid)
    const copy = Number(insertItem(1, 'b.png').lastInsertRowid)
    db.prepare('UPDATE items SET duplicate_of = ? WHERE id = ?').run(first, copy)
    db.prepare('DELETE FROM items WHERE id = ?').run(first)
    expect(db.prepare('SELECT duplicate_of AS d FROM items WHERE id = ?').get(copy)).toEqual({ d: null })
  })

  it('fills the timestamps with ISO UTC times', () => {
    const row = db.prepare('SELECT created_at AS c, updated_at AS u FROM datasets WHERE id = 1').get() as { c: string; u: string }
    expect(row.c).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(Math.abs(Date.parse(row.c) - Date.now())).toBeLessThan(60_000)
    expect(row.u).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })
})
