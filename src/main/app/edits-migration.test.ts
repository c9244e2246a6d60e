import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { migrate, MIGRATIONS } from '../store/migrate'

describe('migration 0006-edits', () => {
  it('adds the edit tables to a library of version 5 and keeps its runs; deleting a run deletes its edits but not its labels', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, MIGRATIONS.filter((m) => m.version <= 5))
    db.exec(`INSERT INTO datasets (id, name, root) VALUES (1, 'a', '/a');
      INSERT INTO items (id, dataset_id, rel_path, grp, size, mtime_ms, status) VALUES (1, 1, 'x.png', '', 1, 0, 'ok');
      INSERT INTO runs (id, dataset_id, feature_label, settings, n, n_clusters, noise_fraction, metrics, chosen, timings, notes, item_ids, layout, labels)
        VALUES (1, 1, 'HOG', '{}', 1, 1, 0, '{}', '{}', '{}', '[]', x'01000000', x'0000000000000000', x'00000000');`)
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 6))).toBe(6)
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 1 })
    db.exec(`INSERT INTO run_edits (run_id, seq, op) VALUES (1, 1, '{}');
      INSERT INTO run_clusters_state (run_id, labels) VALUES (1, x'00000000');
      INSERT INTO clusters (run_id, cluster, name) VALUES (1, 0, 'cats');
      INSERT INTO item_labels (dataset_id, item_id, label, source, run_id) VALUES (1, 1, 'cats', 'user', 1);`)
    expect(() => db.exec(`INSERT INTO item_labels (dataset_id, item_id, label, source) VALUES (1, 1, 'dogs', 'guess')`)).toThrow(/CHECK/)
    db.exec('DELETE FROM runs WHERE id = 1')
    for (const table of ['run_edits', 'run_clusters_state', 'clusters']) expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT label, run_id AS runId FROM item_labels').all()).toEqual([{ label: 'cats', runId: null }])
    db.exec('DELETE FROM datasets WHERE id = 1')
    expect(db.prepare('SELECT COUNT(*) AS n FROM item_labels').get()).toEqual({ n: 0 })
    db.close()
  })
})
