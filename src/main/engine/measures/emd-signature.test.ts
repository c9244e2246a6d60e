import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, expectClose, fixture, seeded } from './__fixtures__/testing'
import { emdSignature, gridCentres, gridSignature, type Signature } from './emd-signature'
import { MeasureError } from './errors'
import { plainEmdSignature } from './reference/emd'

interface EmdCase {
  kind: '1d' | 'grid' | 'signature'
  label?: string
  rows?: number
  cols?: number
  a: { weights: number[]; centres?: number[] }
  b: { weights: number[]; centres?: number[] }
  value: number
}

const cases = fixture<EmdCase>('emd').cases

describe('2-D EMD against POT ot.emd2 on normalised weights', () => {
  it.each([4, 7, 14])('matches on square block grids of side %i to 1e-6', (side) => {
    const grid = cases.filter((c) => c.kind === 'grid' && c.rows === side)
    expect(grid.length).toBeGreaterThanOrEqual(6)
    for (const c of grid) {
      const a = gridSignature(c.a.weights, side, side)
      const b = gridSignature(Float64Array.from(c.b.weights), side, side)
      expectClose(emdSignature(a, b), c.value, 1e-6, 1e-12, `${c.label} ${side}×${side}`)
      expectClose(emdSignature(b, a), c.value, 1e-6, 1e-12, `${c.label} ${side}×${side} reversed`)
    }
  })

  it('matches on general signatures with different points and counts', () => {
    const general = cases.filter((c) => c.kind === 'signature')
    expect(general.length).toBeGreaterThanOrEqual(4)
    for (const c of general) expectClose(emdSignature(c.a as Signature, c.b as Signature), c.value, 1e-6)
  })
})

describe('2-D EMD, by hand', () => {
  it('lays grid centres out row by row at block centres, shared between calls', () => {
    expect(Array.from(gridCentres(2, 3))).toEqual([0.5, 0.5, 1.5, 0.5, 2.5, 0.5, 0.5, 1.5, 1.5, 1.5, 2.5, 1.5])
    expect(gridCentres(14, 14)).toBe(gridCentres(14, 14))
  })

  it('moves mass by the Euclidean distance between centres', () => {
    expect(emdSignature(gridSignature([1, 0], 1, 2), gridSignature([0, 1], 1, 2))).toBe(1)
    expectClose(emdSignature(gridSignature([1, 0, 0, 0], 2, 2), gridSignature([0, 0, 0, 1], 2, 2)), Math.SQRT2, 1e-15)
    // Half the mass stays; the other half moves one block down (0.5) or diagonally (0.5·√2).
    expect(emdSignature(gridSignature([1, 1, 0, 0], 2, 2), gridSignature([1, 0, 0, 1], 2, 2))).toBe(0.5)
    expectClose(emdSignature(gridSignature([1, 1, 0, 0], 2, 2), gridSignature([1, 0, 1, 0], 2, 2)), Math.SQRT1_2, 1e-15)
    expect(emdSignature({ weights: [1], centres: [0, 0] }, { weights: [1, 1], centres: [3, 4, -3, -4] })).toBe(5)
  })

  it('normalises: brightness (total mass) does not matter, and zero-weight blocks are skipped', () => {
    const a = gridSignature([1, 2, 0, 4], 2, 2)
    const b = gridSignature([4, 0, 3, 1], 2, 2)
    const brighter = gridSignature([10, 20, 0, 40], 2, 2)
    expectClose(emdSignature(brighter, b), emdSignature(a, b), 1e-14)
    expect(emdSignature(a, brighter)).toBe(0)
  })
})

describe('2-D EMD, properties', () => {
  const random = seeded(37)
  const blocks = (side: number, density: number): number[] => Array.from({ length: side * side }, () => (random() < density ? random() : 0))

  it('is a metric on 4 × 4 signatures', () => {
    const samples = Array.from({ length: 10 }, (_, i) => gridSignature(blocks(4, i % 2 ? 0.4 : 1), 4, 4))
    expect(checkDistanceAxioms(emdSignature, samples, true, 1e-9)).toBe(10 ** 3)
  })

  it('agrees with a plain min-cost-flow solver on random grids and point clouds', () => {
    for (let t = 0; t < 12; t++) {
      const side = [5, 7, 10][t % 3]!
      const density = [1, 0.5, 0.15][t % 3]!
      const a = gridSignature(blocks(side, density).map((w, i) => (i === 0 ? w + 1 : w)), side, side)
      const b = gridSignature(blocks(side, density).map((w, i) => (i === 3 ? w + 1 : w)), side, side)
      expectClose(emdSignature(a, b), plainEmdSignature(a, b), 1e-9, 1e-12)
      const cloud = (n: number): Signature => ({ weights: Array.from({ length: n }, () => 0.1 + random()), centres: Array.from({ length: 2 * n }, () => random() * 5) })
      const [p, q] = [cloud(3 + t), cloud(20 - t)]
      expectClose(emdSignature(p, q), plainEmdSignature(p, q), 1e-9, 1e-12)
    }
  })

  it('handles highly degenerate problems: equal masses everywhere', () => {
    for (const side of [4, 7, 14]) {
      const flat = gridSignature(new Array<number>(side * side).fill(1), side, side)
      expect(emdSignature(flat, flat)).toBe(0)
      const chequer = gridSignature(Array.from({ length: side * side }, (_, i) => ((i + Math.floor(i / side)) % 2 ? 2 : 0)), side, side)
      const shifted = gridSignature(Array.from({ length: side * side }, (_, i) => ((i + Math.floor(i / side)) % 2 ? 0 : 2)), side, side)
      expectClose(emdSignature(chequer, shifted), 1, 1e-12) // every unit of mass moves one block sideways
    }
  })
})

describe('2-D EMD, bad input', () => {
  it('refuses bad weights and signatures without mass', () => {
    expect(() => emdSignature(gridSignature([1, -1], 1, 2), gridSignature([1, 1], 1, 2))).toThrow(MeasureError)
    expect(() => emdSignature(gridSignature([1, 1], 1, 2), gridSignature([NaN, 1], 1, 2))).toThrow(/second signature has weight NaN at point 0/)
    expect(() => emdSignature(gridSignature([0, 0], 1, 2), gridSignature([1, 1], 1, 2))).toThrow(/sum to 0/)
  })

  it('refuses malformed signatures and grids', () => {
    expect(() => emdSignature({ weights: [1, 2], centres: [0, 0, 1] }, { weights: [1], centres: [0, 0] })).toThrow(/2 weights but 3 centre coordinates/)
    expect(() => emdSignature({ weights: [1], centres: [0, Infinity] }, { weights: [1], centres: [0, 0] })).toThrow(/centres must be finite/)
    expect(() => emdSignature({ weights: [], centres: [] }, { weights: [1], centres: [0, 0] })).toThrow(/no points/)
    expect(() => gridSignature([1, 2, 3], 2, 2)).toThrow(/2 × 2 grid has 4 blocks, but 3 weights/)
    expect(() => gridCentres(0, 3)).toThrow(/whole numbers of rows and columns/)
    expect(() => emdSignature(null as unknown as Signature, gridSignature([1], 1, 1))).toThrow(/must be \{weights, centres\}/)
  })
})
