// Migration 5: learned models, and feature sets made by them. Never edited once landed.
//
// SQLite cannot change a CHECK constraint in place, so feature_sets is rebuilt (the documented
// twelve-step way: new table, copy, drop, rename). migrate.ts runs this migration with foreign keys
// off, as the procedure needs, and checks them before it commits: with them on, dropping the old
// table would delete every vector and detach every run through their ON DELETE actions.
export default /* sql */ `
CREATE TABLE feature_sets_new (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  method        TEXT NOT NULL,
  params        TEXT NOT NULL,
  post          TEXT NOT NULL DEFAULT '',
  dimension     INTEGER NOT NULL,
  -- 'computed' by a features job, 'import' during an image import, 'file' read from a vector file,
  -- 'model' the embeddings of a learned model (params hold its modelId).
  origin        TEXT NOT NULL CHECK (origin IN ('computed', 'import', 'file', 'model')),
  failed_count  INTEGER NOT NULL DEFAULT 0,
  failed_reason TEXT,
  seconds       REAL NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  reason        TEXT,
  UNIQUE (dataset_id, method, params, post)
);
INSERT INTO feature_sets_new (id, dataset_id, method, params, post, dimension, origin, failed_count, failed_reason, seconds, created_at, updated_at, reason)
  SELECT id, dataset_id, method, params, post, dimension, origin, failed_count, failed_reason, seconds, created_at, updated_at, reason FROM feature_sets;
DROP TABLE feature_sets;
ALTER TABLE feature_sets_new RENAME TO feature_sets;

-- A learned model: an autoencoder or Siamese network trained on a dataset, or an ONNX encoder the
-- user brought (no dataset). Its files live in 'dir', relative to the library's folder.
CREATE TABLE models (
  id             INTEGER PRIMARY KEY,
  dataset_id     INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('autoencoder', 'siamese', 'onnx')),
  label          TEXT NOT NULL,
  -- JSON: the parameters as trained (defaults filled in).
  params         TEXT NOT NULL DEFAULT '{}',
  -- Why the app chose the parameters; NULL when the user set them.
  reason         TEXT,
  -- JSON: the backend report of the last training ({name, device, skipped}).
  backend        TEXT,
  -- JSON: one point per epoch ({epoch, loss, valLoss?, seconds}).
  curve          TEXT NOT NULL DEFAULT '[]',
  best_epoch     INTEGER,
  -- JSON: validation measures.
  metrics        TEXT NOT NULL DEFAULT '{}',
  state          TEXT NOT NULL CHECK (state IN ('training', 'ready', 'cancelled', 'failed')),
  dir            TEXT,
  onnx_path      TEXT,
  feature_set_id INTEGER REFERENCES feature_sets(id) ON DELETE SET NULL,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX models_dataset ON models(dataset_id);
`
