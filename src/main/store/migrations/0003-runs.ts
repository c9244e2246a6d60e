// Migration 3: clustering runs and the stage cache. Never edited once landed.
export default /* sql */ `
-- A finished clustering run, kept as history exactly as it was computed: its settings, metrics and
-- timings as JSON, and per item (in one order) the item id, the 2-D layout and the cluster label.
CREATE TABLE runs (
  id              INTEGER PRIMARY KEY,
  dataset_id      INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  feature_set_id  INTEGER REFERENCES feature_sets(id) ON DELETE SET NULL,
  feature_label   TEXT NOT NULL,
  settings        TEXT NOT NULL,
  n               INTEGER NOT NULL,
  n_clusters      INTEGER NOT NULL,
  noise_fraction  REAL NOT NULL,
  metrics         TEXT NOT NULL,
  chosen          TEXT NOT NULL,
  timings         TEXT NOT NULL,
  notes           TEXT NOT NULL,
  -- int32, float32 (x, y interleaved) and int32 arrays, little-endian.
  item_ids        BLOB NOT NULL,
  layout          BLOB NOT NULL,
  labels          BLOB NOT NULL,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX runs_dataset ON runs(dataset_id, id);

-- Outputs of expensive stages (a UMAP layout, say), keyed by everything they depend on, so a run
-- that changes only later stages reuses them.
CREATE TABLE stage_cache (
  key           TEXT PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  value         BLOB NOT NULL,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  used_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX stage_cache_dataset ON stage_cache(dataset_id, used_at);
`
