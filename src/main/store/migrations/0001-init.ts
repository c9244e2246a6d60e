// Migration 1: datasets, their items, and the jobs that fill them. Never edited once landed.
export default /* sql */ `
-- Datasets, their items, and the jobs that fill them.
-- Later migrations add feature sets, models, runs, clusters and labels; items and datasets keep
-- integer primary keys so those tables can reference them.

CREATE TABLE datasets (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  root        TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE items (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  rel_path      TEXT NOT NULL,
  grp           TEXT NOT NULL,
  size          INTEGER NOT NULL,
  mtime_ms      REAL NOT NULL,
  hash          TEXT,
  format        TEXT,
  width         INTEGER,
  height        INTEGER,
  status        TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'error', 'missing')),
  reason        TEXT,
  duplicate_of  INTEGER REFERENCES items(id) ON DELETE SET NULL,
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (dataset_id, rel_path)
);
CREATE INDEX items_dataset_group ON items(dataset_id, grp, rel_path);
CREATE INDEX items_hash ON items(dataset_id, hash);

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  title       TEXT NOT NULL,
  dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  params      TEXT NOT NULL,
  progress    TEXT NOT NULL,
  error       TEXT,
  result      TEXT,
  -- The process that runs the job; a job whose process is gone was interrupted.
  owner_pid   INTEGER,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX jobs_state ON jobs(state);
`
