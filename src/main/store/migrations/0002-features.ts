// Migration 2: dataset kinds, sequences and feature sets. Never edited once landed.
export default /* sql */ `
-- Following the copies of an item when it changes must not scan the dataset.
CREATE INDEX items_duplicate_of ON items(duplicate_of);

-- A dataset holds images (a folder, or an IDX image file), vectors (CSV, TSV, JSON or IDX) or
-- sequences (FASTA or one per line). 'source' says where its items came from, as JSON.
ALTER TABLE datasets ADD COLUMN kind TEXT NOT NULL DEFAULT 'images' CHECK (kind IN ('images', 'vectors', 'sequences'));
ALTER TABLE datasets ADD COLUMN source TEXT NOT NULL DEFAULT '{"type":"folder"}';

-- The residues of each item of a sequence dataset.
CREATE TABLE sequences (
  item_id      INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
  residues     TEXT NOT NULL,
  description  TEXT
);

-- A feature set: one method with one parameter set (and optional post-processing) over a dataset.
-- Its vectors are kept per item, so a set grows as items are added and a cancelled or changed
-- computation touches only its own rows. A set is complete when every readable item has a vector.
CREATE TABLE feature_sets (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  method        TEXT NOT NULL,
  -- Canonical JSON of the method's parameters (keys sorted, defaults filled in).
  params        TEXT NOT NULL,
  -- Canonical post-processing steps ('zscore,pca=50'), '' for none.
  post          TEXT NOT NULL DEFAULT '',
  dimension     INTEGER NOT NULL,
  -- 'computed' by a features job, 'import' during an image import, 'file' read from a vector file.
  origin        TEXT NOT NULL CHECK (origin IN ('computed', 'import', 'file')),
  -- Items the method could not handle, with the last reason.
  failed_count  INTEGER NOT NULL DEFAULT 0,
  failed_reason TEXT,
  -- Seconds spent computing the vectors, summed over the jobs that added them.
  seconds       REAL NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (dataset_id, method, params, post)
);

-- One float32 vector per item, little-endian, 'dimension' values.
CREATE TABLE feature_vectors (
  feature_set_id  INTEGER NOT NULL REFERENCES feature_sets(id) ON DELETE CASCADE,
  item_id         INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  vector          BLOB NOT NULL,
  PRIMARY KEY (feature_set_id, item_id)
);
CREATE INDEX feature_vectors_item ON feature_vectors(item_id);
`
