import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from './library'
import { applyRunEdit, editHistory, redoRunEdit, undoRunEdit } from './edits-service'
import { listLabels } from './labels-service'
import { runDetail } from './runs-service'
import { folderDataset, storedRun } from './edits-test-support'

let dir: string
let file: string
let lib: Library
let datasetId: number
let itemIds: number[]
let runId: number

// cats (rows 0–2) in cluster 0, dogs (3–5) in 1, birds (6–7) split over 0 and 2.
const LABELS = [0, 0, 0, 1, 1, 1, 0, 2]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-edits-'))
  file = join(dir, 'library.sqlite')
  lib = new Library(file, { workers: 1 })
  ;({ datasetId, itemIds } = folderDataset(lib, join(dir, 'pets')))
  runId = storedRun(lib, datasetId, itemIds, LABELS)
})

afterEach(async () => {
  await lib.close()
  rmSync(dir, { recursive: true, force: true })
})

const labelsByFile = (l: Library = lib): Record<string, string> => Object.fromEntries(listLabels(l, datasetId).labels.map((x) => [x.file, x.label]))

describe('edits of a run', () => {
  it('answers with the committed state, and runs:get shows the edited labels and names', async () => {
    const { editId, state } = await applyRunEdit(lib, runId, { kind: 'merge', clusters: [0, 2] })
    expect(editId).toBeGreaterThan(0)
    expect(state).toMatchObject({ applied: 1, canUndo: true, canRedo: false, undoDescription: 'Merged 1 and 3 into 1' })
    await applyRunEdit(lib, runId, { kind: 'rename', cluster: 1, name: 'dogs', colour: '#123456' })
    const run = runDetail(lib, runId)
    expect(run.labels).toEqual([0, 0, 0, 1, 1, 1, 0, 0])
    expect(run.clusters.map((c) => [c.label, c.size, c.meta?.name ?? null])).toEqual([[0, 5], [1, 3, 'dogs']].map(([l, s, n]) => [l, s, n ?? null]))
    expect(run.clusters[1]!.meta?.colour).toBe('#123456')
    // The merged cluster's silhouette was measured on other members; the untouched one keeps its own.
    expect(run.clusters.map((c) => c.silhouette)).toEqual([null, 0.5])
  })

  it('undoes and redoes across a reopen of the library, and a new edit drops the redo history', async () => {
    await applyRunEdit(lib, runId, { kind: 'move', items: [itemIds[6]!], to: 2 })
    await applyRunEdit(lib, runId, { kind: 'merge', clusters: [1, 2] })
    expect(runDetail(lib, runId).labels).toEqual([0, 0, 0, 1, 1, 1, 1, 1])
    await lib.close()
    lib = new Library(file, { workers: 1 })
    expect(runDetail(lib, runId).labels).toEqual([0, 0, 0, 1, 1, 1, 1, 1])
    const undone = undoRunEdit(lib, runId)
    expect(undone.state).toMatchObject({ applied: 1, canRedo: true, redoDescription: 'Merged 2 and 3 into 2' })
    await lib.close()
    lib = new Library(file, { workers: 1 })
    expect(runDetail(lib, runId).labels).toEqual([0, 0, 0, 1, 1, 1, 2, 2])
    expect(redoRunEdit(lib, runId).state.applied).toBe(2)
    expect(runDetail(lib, runId).labels).toEqual([0, 0, 0, 1, 1, 1, 1, 1])
    undoRunEdit(lib, runId)
    undoRunEdit(lib, runId)
    expect(runDetail(lib, runId).labels).toEqual(LABELS)
    expect(undoRunEdit(lib, runId).editId).toBeNull()
    redoRunEdit(lib, runId)
    await applyRunEdit(lib, runId, { kind: 'outliers', items: [itemIds[0]!] })
    const history = editHistory(lib, runId)
    expect(history.entries.map((e) => [e.description, e.undone])).toEqual([['Moved 1 image to 3', false], ['Marked 1 image as outliers', false]])
    expect(history.state.canRedo).toBe(false)
  })

  it('splits a cluster by its members’ places on the map, and redo gives the same clusters', async () => {
    // Cluster 0 holds rows 0, 1, 2 and 6; the layout puts rows 0 and 2 apart from 1 by x.
    const { state } = await applyRunEdit(lib, runId, { kind: 'split', cluster: 0, k: 2 })
    expect(state.clusters.length).toBe(4)
    const split = runDetail(lib, runId).labels
    expect(split.filter((l) => l === 3).length).toBeGreaterThan(0)
    undoRunEdit(lib, runId)
    redoRunEdit(lib, runId)
    expect(runDetail(lib, runId).labels).toEqual(split)
    await expect(applyRunEdit(lib, runId, { kind: 'split', cluster: 2, k: 2 })).rejects.toThrow(/one image/)
  })

  it('gives named clusters’ items and hand-placed items labels, takes them back on undo, and keeps them for a new run', async () => {
    await applyRunEdit(lib, runId, { kind: 'rename', cluster: 1, name: 'dogs' })
    await applyRunEdit(lib, runId, { kind: 'move', items: [itemIds[7]!], to: 1 })
    expect(labelsByFile()).toEqual({ 'dogs/a.png': 'dogs', 'dogs/b.png': 'dogs', 'dogs/c.png': 'dogs', 'birds/b.png': 'dogs' })
    expect(listLabels(lib, datasetId).labels.every((l) => l.source === 'user')).toBe(true)
    undoRunEdit(lib, runId)
    expect(Object.keys(labelsByFile())).toEqual(['dogs/a.png', 'dogs/b.png', 'dogs/c.png'])
    // A new run of the dataset, and the run the labels came from deleted: the labels stay.
    const second = storedRun(lib, datasetId, itemIds, [0, 0, 0, 0, 1, 1, 1, 1])
    lib.runs.remove(runId)
    expect(Object.keys(labelsByFile())).toEqual(['dogs/a.png', 'dogs/b.png', 'dogs/c.png'])
    await applyRunEdit(lib, second, { kind: 'rename', cluster: 1, name: 'birds' })
    expect(labelsByFile()).toMatchObject({ 'dogs/a.png': 'dogs', 'dogs/b.png': 'birds', 'birds/a.png': 'birds' })
  })

  it('rolls back an edit that fails and leaves the history as it was', async () => {
    await expect(applyRunEdit(lib, runId, { kind: 'merge', clusters: [0, 7] })).rejects.toThrow(/no cluster 8/)
    await expect(applyRunEdit(lib, runId, { kind: 'move', items: [999_999], to: 0 })).rejects.toThrow(/not part of this run/)
    expect(editHistory(lib, runId).entries).toEqual([])
    expect(runDetail(lib, runId).labels).toEqual(LABELS)
  })
})
