import { describe, expect, it } from 'vitest'
import { ARG_SCHEMAS } from './schemas'
import { MAX_EDIT_ITEMS } from '../../shared/types/edits'

const apply = (op: unknown) => ARG_SCHEMAS['edits:apply'].safeParse({ runId: 1, op })

describe('the edit schemas', () => {
  it('accept every kind of edit', () => {
    for (const op of [
      { kind: 'rename', cluster: 0, name: 'cats', colour: '#aabbcc', notes: '' },
      { kind: 'rename', cluster: -1, colour: null },
      { kind: 'merge', clusters: [3, 7] },
      { kind: 'split', cluster: 2, k: 'auto' },
      { kind: 'split', cluster: 2, k: 4 },
      { kind: 'move', items: [1, 2], to: -1 },
      { kind: 'new-cluster', items: [5], name: 'odd' },
      { kind: 'outliers', items: [9] }
    ]) expect(apply(op).success, JSON.stringify(op)).toBe(true)
  })

  it('reject unknown edits, negative or fractional ids, bad colours and extra fields', () => {
    for (const op of [
      { kind: 'delete', cluster: 1 },
      { kind: 'merge', clusters: [3] },
      { kind: 'merge', clusters: [-1, 3] },
      { kind: 'split', cluster: -1, k: 2 },
      { kind: 'split', cluster: 1, k: 1 },
      { kind: 'move', items: [-4], to: 1 },
      { kind: 'move', items: [1.5], to: 1 },
      { kind: 'move', items: [1], to: -2 },
      { kind: 'move', items: [], to: 1 },
      { kind: 'rename', cluster: 1, colour: 'red' },
      { kind: 'rename', cluster: 1, name: 'x'.repeat(201) },
      { kind: 'outliers', items: [1], extra: true }
    ]) expect(apply(op).success, JSON.stringify(op)).toBe(false)
    expect(ARG_SCHEMAS['edits:undo'].safeParse({ runId: -1 }).success).toBe(false)
  })

  it('refuse a selection larger than one edit may hold', () => {
    const huge = Array.from({ length: MAX_EDIT_ITEMS + 1 }, (_, i) => i + 1)
    const result = apply({ kind: 'outliers', items: huge })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toMatch(/at most/)
  })

  it('check label exports and imports', () => {
    expect(ARG_SCHEMAS['labels:export'].safeParse({ datasetId: 1, format: 'csv', folder: { path: '/tmp/x', mode: 'link' } }).success).toBe(true)
    expect(ARG_SCHEMAS['labels:export'].safeParse({ datasetId: 1, format: 'xml' }).success).toBe(false)
    expect(ARG_SCHEMAS['labels:export'].safeParse({ datasetId: 1, format: 'csv', folder: { path: '/tmp/x', mode: 'move' } }).success).toBe(false)
    expect(ARG_SCHEMAS['labels:import'].safeParse({ datasetId: 1, path: 'a\0b' }).success).toBe(false)
  })
})
