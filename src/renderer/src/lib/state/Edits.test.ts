import { beforeEach, describe, expect, it } from 'vitest'
import type { EditEntry, EditResult, EditState, RunDetail, RunSummary } from '../../../../shared/contract'
import { Edits } from './Edits.svelte'
import { Runs } from './Runs.svelte'
import { settle } from './test-support/fake-api'
import { useHarness } from './test-support/harness'

const h = useHarness()
let runs: Runs
let edits: Edits
let labels: number[]
let entries: EditEntry[]

function editState(): EditState {
  const applied = entries.filter((e) => !e.undone)
  return {
    runId: 7, datasetId: 1, applied: applied.length, canUndo: applied.length > 0, canRedo: entries.some((e) => e.undone),
    undoDescription: applied.at(-1)?.description ?? null, redoDescription: null, clusters: []
  }
}

function detail(): RunDetail {
  const clusters = [...new Set(labels)].map((label) => ({ label, size: labels.filter((l) => l === label).length, silhouette: null, representatives: [] }))
  return { id: 7, datasetId: 1, settings: { cluster: {}, reduce: {} }, labels: [...labels], clusters, groups: [] } as unknown as RunDetail
}

const answer = (editId: number | null): EditResult => ({ editId, state: editState() })

beforeEach(async () => {
  labels = [0, 0, 1, 2]
  entries = []
  h.api
    .answer('runs:list', [{ id: 7, datasetId: 1 } as RunSummary])
    .answer('runs:get', () => detail())
    .answer('edits:list', () => ({ state: editState(), entries }))
    .answer('edits:apply', ({ op }) => {
      if (op.kind !== 'merge') throw new Error('unexpected')
      labels = labels.map((l) => (op.clusters.includes(l) ? op.clusters[0]! : l))
      entries = [...entries, { id: 1, seq: 1, kind: 'merge', description: 'Merged 2 and 3 into 2', undone: false, createdAt: '' }]
      return answer(1)
    })
    .answer('edits:undo', () => {
      labels = [0, 0, 1, 2]
      entries = entries.map((e) => ({ ...e, undone: true }))
      return answer(1)
    })
  runs = h.track(new Runs(h.api, h.jobs, h.toasts))
  edits = h.track(new Edits(h.api, runs, h.toasts))
  runs.show(1)
  await runs.open(7)
  await edits.load()
})

describe('Edits', () => {
  it('merges the ticked cards, shows "saved" only once the engine answered, and reloads the run', async () => {
    edits.toggleSelected(1)
    edits.toggleSelected(2)
    expect(edits.selected).toEqual([1, 2])
    const held = h.api.hold('edits:apply')
    const done = edits.merge()
    expect(edits.status).toBe('saving')
    expect(edits.canUndo).toBe(false)
    held[0]!.resolve(answer(1))
    expect(await done).toBe(true)
    expect(edits.status).toBe('saved')
    expect(edits.selected).toEqual([])
    expect(h.api.callsOf('edits:apply')).toEqual([{ runId: 7, op: { kind: 'merge', clusters: [1, 2] } }])
    expect(h.api.callsOf('runs:get').length).toBe(2)
  })

  it('undoes through the engine and shows the run and the history it answers with', async () => {
    edits.toggleSelected(1)
    edits.toggleSelected(2)
    await edits.merge()
    expect(runs.view?.run.labels).toEqual([0, 0, 1, 1])
    expect(edits.history.map((e) => e.description)).toEqual(['Merged 2 and 3 into 2'])
    expect(edits.canUndo).toBe(true)
    expect(await edits.undo()).toBe(true)
    expect(runs.view?.run.labels).toEqual([0, 0, 1, 2])
    expect(edits.history[0]?.undone).toBe(true)
    expect(edits.canUndo).toBe(false)
    expect(await edits.undo()).toBe(false)
    expect(h.api.callsOf('edits:undo').length).toBe(1)
  })

  it('keeps the open cluster gallery open across the reload', async () => {
    runs.view!.openCluster = 1
    edits.toggleSelected(1)
    edits.toggleSelected(2)
    await edits.merge()
    expect(runs.view?.openCluster).toBe(1)
  })

  it('reports a refused edit without claiming it saved', async () => {
    h.api.fail('edits:apply', new Error('There is no cluster 9 in this run any more; reload the run and try again.'))
    expect(await edits.apply({ kind: 'rename', cluster: 8, name: 'x' })).toBe(false)
    expect(edits.status).toBe('failed')
    expect(edits.error).toMatch(/no cluster 9/)
  })

  it('reloads the run when another window edits it, and unsubscribes on dispose', async () => {
    labels = [0, 0, 0, 0]
    h.api.emit('edits:changed', { runId: 7, datasetId: 1 })
    await settle()
    expect(runs.view?.run.labels).toEqual([0, 0, 0, 0])
    edits.dispose()
    expect(h.api.listeners('edits:changed')).toBe(0)
  })
})
