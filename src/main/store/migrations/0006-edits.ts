// Migration 6: hand edits of clusters, cluster names, and labels per dataset. Never edited once landed.
export default /* sql */ `
-- Every hand edit of a run, in order: the operation as asked for and what it changed (enough to
-- undo it). An undone edit stays as a row until a new edit replaces the redo history.
CREATE TABLE run_edits (
  id          INTEGER PRIMARY KEY,
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  op          TEXT NOT NULL,
  undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (run_id, seq)
);

-- A run's current clusters: its stored labels with the edits that are not undone applied in
-- order, kept with each edit so that opening a run never replays its history.
CREATE TABLE run_clusters_state (
  run_id      INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  labels      BLOB NOT NULL,
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- What the user said about a run's cluster: its name, colour and notes.
CREATE TABLE clusters (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  cluster     INTEGER NOT NULL,
  name        TEXT NOT NULL DEFAULT '',
  colour      TEXT,
  notes       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, cluster)
);

-- One label per item of a dataset, from the user's named clusters or from an imported file. It
-- belongs to the dataset, so it outlives the run it came from; run_id says which run's edits set it.
CREATE TABLE item_labels (
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  item_id     INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  label       TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('user', 'import')),
  run_id      INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (dataset_id, item_id)
);
CREATE INDEX item_labels_run ON item_labels(run_id);
`
