import { describe, expect, it } from 'vitest'
import { stepLearningRate } from './lr-schedule'

describe('stepLearningRate', () => {
  it('multiplies by gamma every step epochs', () => {
    const s = { initial: 0.01, gamma: 0.5, every: 3 }
    expect([0, 1, 2, 3, 5, 6, 9].map((e) => stepLearningRate(s, e))).toEqual([0.01, 0.01, 0.01, 0.005, 0.005, 0.0025, 0.00125])
  })
  it('keeps the rate with gamma 1 and rejects a zero step', () => {
    expect(stepLearningRate({ initial: 0.1, gamma: 1, every: 1 }, 50)).toBe(0.1)
    expect(() => stepLearningRate({ initial: 0.1, gamma: 0.5, every: 0 }, 1)).toThrow(/at least 1 epoch/)
  })
})
