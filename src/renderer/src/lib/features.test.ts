import { describe, expect, it } from 'vitest'
import type { FeatureMethodInfo, FeatureParamInfo, FeatureSetInfo } from '../../../shared/contract'
import { paramProblem, paramsLine, timingLine, vectorsLine } from './features'

const set = (over: Partial<FeatureSetInfo>): FeatureSetInfo => ({
  id: 1, datasetId: 1, method: 'hog', label: 'HOG', params: {}, post: '', dimension: 9, origin: 'computed',
  vectorCount: 0, eligibleCount: 0, complete: true, failedCount: 0, failedReason: null, seconds: 0,
  reason: null, isDefault: false, createdAt: '', updatedAt: '', ...over
})

describe('feature set lines', () => {
  it('joins parameters in their order and spells booleans out', () => {
    expect(paramsLine({ cell: 16, bins: 9, norm: 'L2-Hys', transformSqrt: false })).toBe('cell 16 · bins 9 · norm L2-Hys · transformSqrt off')
    expect(paramsLine({})).toBe('—')
  })

  it("puts parameters in the method's order, and unknown ones after it", () => {
    const hog: FeatureMethodInfo = {
      id: 'hog', label: 'HOG', description: '', appliesTo: ['images'],
      params: ['size', 'cell', 'bins'].map((name) => ({ name, spec: { kind: 'int', min: 1, max: 9 }, default: 1 }))
    }
    expect(paramsLine({ bins: 9, cell: 16, extra: 1, size: 128 }, hog)).toBe('size 128 · cell 16 · bins 9 · extra 1')
  })

  it('counts vectors against the items that were read', () => {
    expect(vectorsLine(set({ vectorCount: 9998, eligibleCount: 10000 }))).toMatch(/^9.998 of 10.000$/)
  })

  it('gives a time only to sets computed on their own', () => {
    expect(timingLine(set({ origin: 'computed', seconds: 2.34 }))).toBe('2.3 s')
    expect(timingLine(set({ origin: 'import', seconds: 2.34 }))).toBe('computed during import')
    expect(timingLine(set({ origin: 'file' }))).toBe('from the file')
  })
})

describe('paramProblem', () => {
  const size: FeatureParamInfo = { name: 'size', spec: { kind: 'int', min: 1, max: 1024 }, default: 28 }

  it('accepts whole numbers within the bounds, inclusive', () => {
    expect(paramProblem(size, 1)).toBeNull()
    expect(paramProblem(size, 1024)).toBeNull()
  })

  it('refuses empty fields, fractions and values out of bounds', () => {
    for (const value of [null, undefined, Number.NaN, 2.5, 0, 1025]) {
      expect(paramProblem(size, value)).toMatch(/^size takes a whole number from 1 to 1.024\.$/)
    }
  })

  it('leaves enum and bool parameters to their controls', () => {
    expect(paramProblem({ name: 'color', spec: { kind: 'enum', values: ['gray'] }, default: 'gray' }, 'gray')).toBeNull()
    expect(paramProblem({ name: 'invert', spec: { kind: 'bool' }, default: false }, true)).toBeNull()
  })
})
