import { describe, expect, it } from 'vitest'
import { seededRandom } from '../random'
import { fitFusion, fitLogistic, pairScores, similarity } from './fusion'

describe('pairScores', () => {
  it('gives cosine, Euclidean distance and dot product', () => {
    const [cos, euc, dot] = pairScores([3, 4], [4, 3])
    expect(cos).toBeCloseTo(24 / 25, 12)
    expect(euc).toBeCloseTo(Math.SQRT2, 12)
    expect(dot).toBe(24)
    expect(pairScores([0, 0], [0, 0])).toEqual([0, 0, 0]) // no NaN for a zero vector
  })
})

describe('fitLogistic', () => {
  it('reaches the optimum: the penalised gradient is zero', () => {
    const random = seededRandom(5)
    const x = Array.from({ length: 60 }, () => [random() * 4 - 2, random() * 4 - 2])
    const y = x.map(([u, v]) => (u! + 0.5 * v! + (random() - 0.5) > 0 ? 1 : 0))
    const l2 = 0.1
    const theta = fitLogistic(x, y, { l2 })
    const grad = [0, l2 * theta[1]!, l2 * theta[2]!]
    x.forEach((row, i) => {
      const p = 1 / (1 + Math.exp(-(theta[0]! + theta[1]! * row[0]! + theta[2]! * row[1]!)))
      grad[0]! += p - y[i]!
      grad[1]! += (p - y[i]!) * row[0]!
      grad[2]! += (p - y[i]!) * row[1]!
    })
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-8)
    expect(theta[1]!).toBeGreaterThan(theta[2]!) // u weighs twice v in the labels
    expect(theta[2]!).toBeGreaterThan(0)
  })
})

describe('fitFusion and similarity', () => {
  it('maps near pairs towards 1 and far pairs towards 0, and stays finite on separable pairs', () => {
    const a = [[1, 0], [0, 1], [1, 1], [2, 0], [0, 2], [1, 0]]
    const b = [[1.1, 0], [0, 0.9], [1, 1.2], [-2, 0], [0, -2], [-1, 0.1]]
    const same = [1, 1, 1, 0, 0, 0]
    const fusion = fitFusion(a, b, same)
    for (const w of fusion.weights) expect(Number.isFinite(w)).toBe(true)
    const near = similarity([1, 0], [1, 0.05], fusion)
    const far = similarity([1, 0], [-1, 0], fusion)
    expect(near).toBeGreaterThan(0.5)
    expect(far).toBeLessThan(0.5)
    expect(near).toBeLessThanOrEqual(1)
    expect(far).toBeGreaterThanOrEqual(0)
  })

  it('is the plain cosine without a fusion', () => {
    expect(similarity([1, 0], [0, 1])).toBe(0)
    expect(similarity([2, 0], [1, 0], null)).toBeCloseTo(1, 12)
  })
})
