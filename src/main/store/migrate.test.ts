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
  it('brings a fresh database to the newest version with every table', () => {
    expect(userVersion(db)).toBe(0)
    expect(migrate(db)).toBe(6)
    expect(userVersion(db)).toBe(6)
    expect(tables(db)).toEqual(['clusters', 'datasets', 'feature_sets', 'feature_vectors', 'item_labels', 'items', 'jobs', 'models', 'run_clusters_state', 'run_edits', 'runs', 'sequences', 'stage_cache'])
  })

  it('stops at version 1 with the datasets, items and jobs tables when given only the first migration', () => {
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1)
    expect(tables(db)).toEqual(['datasets', 'items', 'jobs'])
  })

  it('adds the reasons in migration 4 and keeps the runs and sets made before it', () => {
    migrate(db, MIGRATIONS.slice(0, 3))
    db.prepare(`INSERT INTO datasets (id, name, root) VALUES (1, 'a', '/a')`).run()
    db.prepare(`INSERT INTO feature_sets (dataset_id, method, params, dimension, origin) VALUES (1, 'hog', '{}', 576, 'import')`).run()
    db.prepare(
      `INSERT INTO runs (dataset_id, feature_set_id, feature_label, settings, n, n_clusters, noise_fraction, metrics, chosen, timings, notes, item_ids, layout, labels)
       VALUES (1, 1, 'HOG', '{}', 0, 0, 0, '{}', '{}', '{}', '[]', x'', x'', x'')`
    ).run()
    expect(migrate(db, MIGRATIONS.slice(0, 4))).toBe(4)
    expect(columns(db, 'feature_sets').reason).toMatchObject({ type: 'TEXT', notnull: false })
    expect(columns(db, 'runs').warnings).toMatchObject({ type: 'TEXT', notnull: true })
    expect(db.prepare('SELECT reason FROM feature_sets').get()).toEqual({ reason: null })
    expect(db.prepare('SELECT warnings FROM runs').get()).toEqual({ warnings: '[]' })
  })

  it('adds the models in migration 5 and keeps every feature set, vector and run, foreign keys on', () => {
    db.pragma('foreign_keys = ON')
    migrate(db, MIGRATIONS.slice(0, 4))
    db.prepare(`INSERT INTO datasets (id, name, root) VALUES (1, 'a', '/a')`).run()
    db.prepare(`INSERT INTO items (id, dataset_id, rel_path, grp, size, mtime_ms, status) VALUES (1, 1, 'x.png', '', 1, 0, 'ok')`).run()
    db.prepare(`INSERT INTO feature_sets (id, dataset_id, method, params, dimension, origin, reason) VALUES (7, 1, 'hog', '{}', 2, 'import', 'why')`).run()
    db.prepare(`INSERT INTO feature_vectors (feature_set_id, item_id, vector) VALUES (7, 1, x'0000803f00000040')`).run()
    db.prepare(
      `INSERT INTO runs (dataset_id, feature_set_id, feature_label, settings, n, n_clusters, noise_fraction, metrics, chosen, timings, notes, item_ids, layout, labels)
       VALUES (1, 7, 'HOG', '{}', 0, 0, 0, '{}', '{}', '{}', '[]', x'', x'', x'')`
    ).run()
    const setsBefore = db.prepare('SELECT * FROM feature_sets').all()
    expect(migrate(db)).toBe(6)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.prepare('SELECT * FROM feature_sets').all()).toEqual(setsBefore)
    expect(db.prepare('SELECT feature_set_id AS s, hex(vector) AS v FROM feature_vectors').all()).toEqual([{ s: 7, v: '0000803F00000040' }])
    expect(db.prepare('SELECT feature_set_id AS s FROM runs').all()).toEqual([{ s: 7 }])
    expect(Object.keys(columns(db, 'models'))).toEqual([
      'id', 'dataset_id', 'kind', 'label', 'params', 'reason', 'backend', 'curve', 'best_epoch', 'metrics', 'state', 'dir',
      'onnx_path', 'feature_set_id', 'created_at', 'updated_at'
    ])
    // A learned model's embeddings are a feature set of origin 'model'; other origins are still refused.
    db.prepare(`INSERT INTO feature_sets (id, dataset_id, method, params, dimension, origin) VALUES (8, 1, 'autoencoder', '{"modelId":1}', 4, 'model')`).run()
    expect(() => db.prepare(`INSERT INTO feature_sets (dataset_id, method, params, dimension, origin) VALUES (1, 'x', '{}', 4, 'learned')`).run()).toThrow(/CHECK constraint/)
    db.prepare(`INSERT INTO models (id, dataset_id, kind, label, state, feature_set_id) VALUES (1, 1, 'autoencoder', 'AE', 'ready', 8)`).run()
    db.prepare(`INSERT INTO models (id, dataset_id, kind, label, state, onnx_path) VALUES (2, NULL, 'onnx', 'CLIP', 'ready', '/m/clip.onnx')`).run()
    expect(() => db.prepare(`INSERT INTO models (dataset_id, kind, label, state) VALUES (1, 'forest', 'x', 'ready')`).run()).toThrow(/CHECK constraint/)
    // Removing the set leaves the model without it; removing the dataset removes its models, not an ONNX file's.
    db.prepare('DELETE FROM feature_sets WHERE id = 8').run()
    expect(db.prepare('SELECT feature_set_id AS s FROM models WHERE id = 1').get()).toEqual({ s: null })
    db.prepare('DELETE FROM datasets WHERE id = 1').run()
    expect(db.prepare('SELECT id FROM models').all()).toEqual([{ id: 2 }])
    expect(db.prepare('SELECT COUNT(*) AS n FROM feature_vectors').get()).toEqual({ n: 0 })
  })

  it('rolls back a rebuilding migration whose references break, and turns foreign keys back on', () => {
    db.pragma('foreign_keys = ON')
    const broken: Migration[] = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, name: '0002-orphans', rebuildsTables: true, sql: `INSERT INTO items (dataset_id, rel_path, grp, size, mtime_ms, status) VALUES (99, 'a', '', 1, 0, 'ok');` }
    ]
    expect(() => migrate(db, broken)).toThrow(/0002-orphans would leave 1 broken reference/)
    expect(userVersion(db)).toBe(1)
    expect(db.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 0 })
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
  })

  it('creates the expected columns', () => {
    migrate(db, MIGRATIONS.slice(0, 1))
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
    expect(migrate(db)).toBe(6)
    expect(userVersion(db)).toBe(6)
    expect(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore)
    expect(db.prepare('SELECT COUNT(*) AS n FROM datasets').get()).toEqual({ n: 1 })
  })

  it('rolls back a failing migration completely and keeps the version before it', () => {
    const broken: Migration[] = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, name: '0002-broken', sql: 'CREATE TABLE x(a); SELECT * FROM no_such_table;' }
    ]
    expect(() => migrate(db, broken)).toThrow(/no_such_table/)
    expect(userVersion(db)).toBe(1)
    expect(tables(db)).not.toContain('x')
    expect(tables(db)).toEqual(['datasets', 'items', 'jobs'])
  })

  it('applies later migrations in order on top of earlier ones', () => {
    migrate(db, MIGRATIONS.slice(0, 1))
    const later: Migration[] = [
      ...MIGRATIONS.slice(0, 1),
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

describe('0002-features', () => {
  beforeEach(() => {
    migrate(db, MIGRATIONS.slice(0, 1))
    db.pragma('foreign_keys = ON')
    db.prepare(`INSERT INTO datasets (id, name, root) VALUES (1, 'digits', '/digits')`).run()
    db.prepare(`INSERT INTO items (id, dataset_id, rel_path, grp, size, mtime_ms, status) VALUES (10, 1, 'a.png', '', 1, 0, 'ok')`).run()
    migrate(db, MIGRATIONS.slice(0, 2))
  })

  const insertSet = (method = 'hog', params = '{}', post = ''): number =>
    Number(
      db
        .prepare(`INSERT INTO feature_sets (dataset_id, method, params, post, dimension, origin) VALUES (1, ?, ?, ?, 4, 'computed')`)
        .run(method, params, post).lastInsertRowid
    )

  it('keeps datasets imported before it as image folders', () => {
    expect(db.prepare('SELECT kind, source FROM datasets WHERE id = 1').get()).toEqual({ kind: 'images', source: '{"type":"folder"}' })
    expect(() => db.prepare(`UPDATE datasets SET kind = 'audio' WHERE id = 1`).run()).toThrow(/CHECK constraint/)
  })

  it('holds one feature set per method, parameters and post-processing of a dataset', () => {
    insertSet('hog', '{"cell":16}')
    expect(() => insertSet('hog', '{"cell":16}')).toThrow(/UNIQUE constraint/)
    expect(() => insertSet('hog', '{"cell":8}')).not.toThrow()
    expect(() => insertSet('hog', '{"cell":16}', 'zscore')).not.toThrow()
  })

  it('removes vectors with their set, their item or their dataset', () => {
    const set = insertSet()
    const vector = Buffer.from(new Float32Array([1, 2, 3, 4]).buffer)
    db.prepare('INSERT INTO feature_vectors (feature_set_id, item_id, vector) VALUES (?, 10, ?)').run(set, vector)
    expect(db.prepare('SELECT COUNT(*) AS n FROM feature_vectors').get()).toEqual({ n: 1 })
    db.prepare('DELETE FROM items WHERE id = 10').run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM feature_vectors').get()).toEqual({ n: 0 })
    db.prepare('DELETE FROM datasets WHERE id = 1').run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM feature_sets').get()).toEqual({ n: 0 })
  })

  it('keeps the residues of a sequence item and drops them with it', () => {
    db.prepare(`INSERT INTO sequences (item_id, residues, description) VALUES (10, 'ACGT', 'first')`).run()
    expect(() => db.prepare(`INSERT INTO sequences (item_id, residues) VALUES (99, 'A')`).run()).toThrow(/FOREIGN KEY/)
    db.prepare('DELETE FROM items WHERE id = 10').run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM sequences').get()).toEqual({ n: 0 })
  })

  it('accepts only the three origins of a feature set', () => {
    expect(() =>
      db.prepare(`INSERT INTO feature_sets (dataset_id, method, params, dimension, origin) VALUES (1, 'x', '{}', 1, 'guess')`).run()
    ).toThrow(/CHECK constraint/)
  })
})

describe('0003-runs', () => {
  beforeEach(() => {
    migrate(db)
    db.pragma('foreign_keys = ON')
    db.prepare(`INSERT INTO datasets (id, name, root) VALUES (1, 'digits', '/digits')`).run()
    db.prepare(`INSERT INTO feature_sets (id, dataset_id, method, params, dimension, origin) VALUES (5, 1, 'hog', '{}', 4, 'computed')`).run()
  })

  const insertRun = (): number =>
    Number(
      db
        .prepare(
          `INSERT INTO runs (dataset_id, feature_set_id, feature_label, settings, n, n_clusters, noise_fraction, metrics, chosen, timings, notes, item_ids, layout, labels)
           VALUES (1, 5, 'HOG', '{}', 0, 0, 0, '{}', '{}', '{}', '[]', x'', x'', x'')`
        )
        .run().lastInsertRowid
    )

  it('keeps a run when its feature set is removed, and drops it with its dataset', () => {
    const id = insertRun()
    db.prepare('DELETE FROM feature_sets WHERE id = 5').run()
    expect(db.prepare('SELECT feature_set_id AS f FROM runs WHERE id = ?').get(id)).toEqual({ f: null })
    db.prepare(`INSERT INTO stage_cache (key, dataset_id, value) VALUES ('k', 1, x'00')`).run()
    db.prepare('DELETE FROM datasets WHERE id = 1').run()
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM stage_cache').get()).toEqual({ n: 0 })
  })
})
