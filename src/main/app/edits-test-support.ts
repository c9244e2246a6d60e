/** A library with a folder dataset and a stored run made by hand, for the tests of edits and labels. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { RunSettings } from '../../shared/contract'
import { defaultSettings } from './runs-service'
import type { Library } from './library'

export const FILES = ['cats/a.png', 'cats/b.png', 'cats/c.png', 'dogs/a.png', 'dogs/b.png', 'dogs/c.png', 'birds/a.png', 'birds/b.png'] as const

/** Writes the files under `root` and records them as a dataset's items; returns the dataset and item ids (in FILES order). */
export function folderDataset(lib: Library, root: string): { datasetId: number; itemIds: number[] } {
  const datasetId = lib.datasets.ensure(root, 'pets')
  const insert = lib.db.prepare("INSERT INTO items (dataset_id, rel_path, grp, size, mtime_ms, status) VALUES (?, ?, ?, 1, 0, 'ok')")
  const itemIds = FILES.map((file) => {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), `pixels of ${file}`)
    return Number(insert.run(datasetId, file, file.split('/')[0]).lastInsertRowid)
  })
  return { datasetId, itemIds }
}

/** A run over the items with the given labels, laid out so that each cluster's items sit together. */
export function storedRun(lib: Library, datasetId: number, itemIds: readonly number[], labels: readonly number[]): number {
  const layout = new Float32Array(itemIds.length * 2)
  labels.forEach((l, i) => {
    layout[2 * i] = l * 10 + (i % 2)
    layout[2 * i + 1] = i % 3
  })
  // An image run's settings: the sequence settings would make it a sequence run.
  const { sequences: _sequences, ...settings }: RunSettings = defaultSettings()
  return lib.runs.save({
    datasetId, featureSetId: null, featureLabel: 'test', settings, nClusters: new Set(labels).size, noiseFraction: 0,
    metrics: {
      silhouette: null, silhouetteSampled: false, silhouetteN: 0, silhouetteByCluster: [...new Set(labels)].map((cluster) => ({ cluster, mean: 0.5 })), daviesBouldin: null,
      calinskiHarabasz: null, acc: null, nmi: null, ari: null, internalSkipped: null, externalSkipped: null
    },
    chosen: {}, timings: {}, notes: [], warnings: [],
    itemIds: Int32Array.from(itemIds), layout, labels: Int32Array.from(labels)
  })
}
