import { describe, expect, it } from 'vitest'
import type { ClusterMeta, EditOp } from '../../shared/types/edits'
import { applyEdit, clustersOf, EditError, resolveEdit, rowLabels, touchedRows, undoEdit, type ClusterState } from './edit-ops'

/** Item ids are 100 + row, so a mix-up of ids and rows shows. */
const rowOf = (id: number): number | undefined => (id >= 100 && id < 110 ? id - 100 : undefined)

function state(labels: number[], meta: [number, ClusterMeta][] = []): ClusterState {
  return { labels: Int32Array.from(labels), meta: new Map(meta) }
}

const named = (name: string): ClusterMeta => ({ name, colour: null, notes: '' })
const plain = (s: ClusterState): { labels: number[]; meta: [number, ClusterMeta][] } => ({ labels: [...s.labels], meta: [...s.meta].sort((a, b) => a[0] - b[0]) })

/** Applies, checks the expected result, undoes (back to the start) and redoes (the same result again). */
function roundTrip(start: ClusterState, op: EditOp, expected: number[], split?: Int32Array) {
  const edit = resolveEdit(start, op, { rowOf, split })
  const after = applyEdit(start, edit)
  expect([...after.labels]).toEqual(expected)
  expect(plain(undoEdit(after, edit))).toEqual(plain(start))
  expect(plain(applyEdit(undoEdit(after, edit), edit))).toEqual(plain(after))
  return { edit, after }
}

describe('edit operations', () => {
  const base = state([0, 0, 1, 1, 2, 2, 2, -1, 0, 1])

  it('renames a cluster, and undo takes the name away again', () => {
    const { edit, after } = roundTrip(base, { kind: 'rename', cluster: 1, name: '  cats ', colour: '#ff0000' }, [...base.labels])
    expect(after.meta.get(1)).toEqual({ name: 'cats', colour: '#ff0000', notes: '' })
    expect(edit.description).toBe('Named cluster 2 “cats”')
    const again = resolveEdit(after, { kind: 'rename', cluster: 1, notes: 'tabby' }, { rowOf })
    expect(applyEdit(after, again).meta.get(1)).toEqual({ name: 'cats', colour: '#ff0000', notes: 'tabby' })
    expect(resolveEdit(after, { kind: 'rename', cluster: 1, name: 'dogs' }, { rowOf }).description).toBe('Renamed “cats” to “dogs”')
  })

  it('merges clusters into the first and keeps a name from those merged', () => {
    const start = state([...base.labels], [[2, named('birds')]])
    const { edit, after } = roundTrip(start, { kind: 'merge', clusters: [0, 2] }, [0, 0, 1, 1, 0, 0, 0, -1, 0, 1])
    expect(edit.description).toBe('Merged 1 and “birds” into 1')
    expect(after.meta.get(0)?.name).toBe('birds')
    expect(clustersOf(after).map((c) => [c.label, c.size])).toEqual([[0, 6], [1, 3], [-1, 1]])
  })

  it('refuses a merge of one cluster, of the outliers, or of a cluster that no longer exists', () => {
    expect(() => resolveEdit(base, { kind: 'merge', clusters: [1, 1] }, { rowOf })).toThrow(EditError)
    expect(() => resolveEdit(base, { kind: 'merge', clusters: [1, -1] }, { rowOf })).toThrow(/outliers/)
    expect(() => resolveEdit(base, { kind: 'merge', clusters: [1, 9] }, { rowOf })).toThrow(/no cluster 10/)
  })

  it('splits a cluster: the largest part keeps its label, the others get new ones', () => {
    // Cluster 2 has rows 4, 5, 6; sub-clusters 1, 0, 1 put rows 4 and 6 together (the larger part).
    const { edit } = roundTrip(base, { kind: 'split', cluster: 2, k: 2 }, [0, 0, 1, 1, 2, 3, 2, -1, 0, 1], Int32Array.from([1, 0, 1]))
    expect(edit.description).toBe('Split 3 into 3 and 4')
    expect(() => resolveEdit(base, { kind: 'split', cluster: 2, k: 2 }, { rowOf, split: Int32Array.from([0, 0, 0]) })).toThrow(/one part/)
  })

  it('new labels never reuse the label of a cluster that was merged away, so no old name comes back', () => {
    const start = state([0, 0, 1, 1], [[3, named('gone')]])
    const { after } = roundTrip(start, { kind: 'new-cluster', items: [100] }, [4, 0, 1, 1])
    expect(after.meta.get(4)).toBeUndefined()
  })

  it('moves items, making only the real changes, and refuses items outside the run', () => {
    const { edit } = roundTrip(base, { kind: 'move', items: [102, 100, 104, 100], to: 1 }, [1, 0, 1, 1, 1, 2, 2, -1, 0, 1])
    expect(edit.rows).toEqual([0, 4])
    expect(edit.description).toBe('Moved 2 images to 2')
    expect(() => resolveEdit(base, { kind: 'move', items: [102], to: 1 }, { rowOf })).toThrow(/already in 2/)
    expect(() => resolveEdit(base, { kind: 'move', items: [5], to: 1 }, { rowOf })).toThrow(/not part of this run/)
  })

  it('makes a new named cluster from a selection, and marks items as outliers', () => {
    const made = roundTrip(base, { kind: 'new-cluster', items: [101, 103], name: 'odd' }, [0, 3, 1, 3, 2, 2, 2, -1, 0, 1])
    expect(made.after.meta.get(3)?.name).toBe('odd')
    expect(made.edit.description).toBe('Made cluster “odd” from 2 images')
    const marked = roundTrip(base, { kind: 'outliers', items: [109, 107] }, [0, 0, 1, 1, 2, 2, 2, -1, 0, -1])
    expect(marked.edit.description).toBe('Marked 1 image as outliers')
  })

  it('undoes a chain of edits in reverse order back to the computed clusters', () => {
    let s = base
    const edits = (
      [
        { kind: 'rename', cluster: 0, name: 'a' },
        { kind: 'merge', clusters: [1, 0] },
        { kind: 'move', items: [107], to: 2 },
        { kind: 'rename', cluster: 1, name: 'b' }
      ] as EditOp[]
    ).map((op) => {
      const e = resolveEdit(s, op, { rowOf })
      s = applyEdit(s, e)
      return e
    })
    for (const e of [...edits].reverse()) s = undoEdit(s, e)
    expect(plain(s)).toEqual(plain(base))
  })

  it('labels items in named clusters and items placed by hand, and no others', () => {
    const start = state([0, 0, 1, 1, -1], [[0, named('cats')]])
    const moved = resolveEdit(start, { kind: 'move', items: [102], to: 0 }, { rowOf })
    const marked = resolveEdit(applyEdit(start, moved), { kind: 'outliers', items: [103] }, { rowOf })
    const end = applyEdit(applyEdit(start, moved), marked)
    expect(rowLabels(end, touchedRows([moved, marked]))).toEqual(['cats', 'cats', 'cats', 'outlier', null])
    expect(rowLabels(start, touchedRows([]))).toEqual(['cats', 'cats', null, null, null])
  })
})
