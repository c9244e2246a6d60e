// Migration 4: why a default was chosen, kept with what it chose. Never edited once landed.
export default /* sql */ `
-- The reason for a feature set's parameters when the app chose them (an import chooses HOG's from
-- the sizes of the images), shown in the feature panel and reports; NULL when a user chose them.
ALTER TABLE feature_sets ADD COLUMN reason TEXT;

-- What a reader of a run must not miss (all noise, a single cluster), each with the setting to change.
ALTER TABLE runs ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
`
