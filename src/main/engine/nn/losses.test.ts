import { describe, expect, it } from 'vitest'
import { tf } from './tf'
import { contrastiveLoss, dynamicMargin, tripletLoss } from './losses'

const t2 = (rows: number[][]): tf.Tensor2D => tf.tensor2d(rows)

describe('contrastiveLoss', () => {
  it('matches ½·y·d² + ½·(1−y)·max(0, m−d)² by hand', () => {
    // Pairs: (0,0)-(3,4) similar, d = 5 → ½·25 = 12.5; (0,0)-(0,1) dissimilar, d = 1, m = 2 → ½·1 = 0.5;
    // (0,0)-(0,3) dissimilar, d = 3 ≥ m → 0. Mean = 13 / 3.
    const x = t2([[0, 0], [0, 0], [0, 0]])
    const y = t2([[3, 4], [0, 1], [0, 3]])
    const loss = contrastiveLoss(x, y, tf.tensor1d([1, 0, 0]), 2)
    expect(loss.dataSync()[0]).toBeCloseTo(13 / 3, 5)
    tf.dispose([x, y, loss])
  })
})

describe('tripletLoss', () => {
  it('matches max(0, d(a,p) − d(a,n) + m) by hand', () => {
    // a = (0,0), p = (1,0), n = (0,2): 1 − 2 + 1.5 = 0.5; second triplet n far away: 1 − 4 + 1.5 < 0 → 0.
    const a = t2([[0, 0], [0, 0]])
    const p = t2([[1, 0], [1, 0]])
    const n = t2([[0, 2], [0, 4]])
    const loss = tripletLoss(a, p, n, 1.5)
    expect(loss.dataSync()[0]).toBeCloseTo(0.25, 5)
    tf.dispose([a, p, n, loss])
  })

  it('has a finite zero gradient when every embedding is equal', () => {
    const e = tf.variable(tf.ones([4, 3]))
    const { value, grads } = tf.variableGrads(() => tripletLoss(e as tf.Tensor2D, e as tf.Tensor2D, e as tf.Tensor2D, 1), [e])
    expect(value.dataSync()[0]).toBeCloseTo(1, 4)
    const g = grads[e.name]!.dataSync()
    expect(Array.from(g).every((v) => Number.isFinite(v) && v === 0)).toBe(true)
    tf.dispose([e, value, ...Object.values(grads)])
  })
})

describe('dynamicMargin', () => {
  it('grows linearly from 1.0 at the first epoch to 1.5 at the last', () => {
    expect(dynamicMargin(0, 11)).toBe(1)
    expect(dynamicMargin(5, 11)).toBeCloseTo(1.25, 12)
    expect(dynamicMargin(10, 11)).toBe(1.5)
    expect(dynamicMargin(0, 1)).toBe(1)
    expect(dynamicMargin(3, 5, { start: 0.2, end: 1 })).toBeCloseTo(0.8, 12)
  })
})
