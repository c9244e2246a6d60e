import { describe, expect, it } from 'vitest'
import { chooseThreshold, recallAtOne, rocAuc, scoreHistograms, tripletAccuracy } from './siamese-eval'

describe('tripletAccuracy', () => {
  it('counts d(a,p) < d(a,n), ties as half', () => {
    // 1-D rows: 0, 1, 5, 1.
    const emb = Float32Array.from([0, 1, 5, 1])
    const t = { anchor: Int32Array.of(0, 2, 0), positive: Int32Array.of(1, 1, 1), negative: Int32Array.of(2, 0, 3) }
    // (0,1,2): 1 < 5 ✓; (2,1,0): 4 < 5 ✓; (0,1,3): 1 = 1, a tie → ½.
    expect(tripletAccuracy(emb, 1, t)).toBeCloseTo(2.5 / 3, 12)
  })
})

describe('rocAuc', () => {
  it('is the share of positive–negative pairs ranked right, ties half', () => {
    // Positives 0.9, 0.4; negatives 0.5, 0.1, 0.4 → pairs won: 0.9 beats 3; 0.4 beats 0.1, ties 0.4 → 3 + 1.5 = 4.5 of 6.
    expect(rocAuc([0.9, 0.4, 0.5, 0.1, 0.4], [1, 1, 0, 0, 0])).toBeCloseTo(0.75, 12)
    expect(rocAuc([1, 2, 3], [0, 0, 1])).toBe(1)
    expect(rocAuc([1, 1], [0, 1])).toBe(0.5)
  })
})

describe('recallAtOne', () => {
  it('checks the nearest other gallery row', () => {
    const emb = Float32Array.from([0, 0.2, 5, 5.1, 2.6])
    const labels = Int32Array.from([0, 0, 1, 1, 0])
    // Row 0 → row 1 ✓; row 2 → row 3 ✓; row 3 → row 2 ✓ (never the query itself).
    expect(recallAtOne(emb, 1, labels, Int32Array.of(0, 2, 3), Int32Array.of(0, 1, 2, 3, 4))).toBe(1)
    // Row 4 (at 2.6) against rows 0 and 2: row 2 is 2.4 away, row 0 is 2.6 away → a miss.
    expect(recallAtOne(emb, 1, labels, Int32Array.of(4), Int32Array.of(0, 2, 4))).toBe(0)
  })
})

describe('chooseThreshold', () => {
  const distances = [0.1, 0.3, 0.4, 0.6, 0.8, 1.2]
  const same = [1, 1, 0, 1, 0, 0]
  it('maximises accuracy', () => {
    // t = 0.35: 2 TP + 3 TN = 5/6; t = 0.7: 3 TP + 2 TN = 5/6 — the first wins.
    const c = chooseThreshold(distances, same, 'accuracy')
    expect(c.threshold).toBeCloseTo(0.35, 12)
    expect(c.accuracy).toBeCloseTo(5 / 6, 12)
  })
  it("maximises Youden's J, which can differ from accuracy when the classes are unbalanced", () => {
    // 2 similar, 5 dissimilar. At 0.15: TP 1, FP 0 → accuracy 6/7, J = 0.5. At 0.45: TP 2, FP 2 →
    // accuracy 5/7, J = 1 − 2/5 = 0.6.
    const d = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]
    const y = [1, 0, 0, 1, 0, 0, 0]
    const j = chooseThreshold(d, y, 'youden')
    expect(j.threshold).toBeCloseTo(0.45, 12)
    expect(j.truePositiveRate).toBe(1)
    expect(j.falsePositiveRate).toBeCloseTo(0.4, 12)
    expect(chooseThreshold(d, y, 'accuracy').threshold).toBeCloseTo(0.15, 12)
  })
})

describe('scoreHistograms', () => {
  it('bins similar and dissimilar scores on shared edges', () => {
    const h = scoreHistograms([0, 0.25, 0.5, 0.75, 1], [1, 1, 0, 0, 1], 2)
    expect(Array.from(h.edges)).toEqual([0, 0.5, 1])
    expect(Array.from(h.similar)).toEqual([2, 1])
    expect(Array.from(h.dissimilar)).toEqual([0, 2])
  })
})
