import { describe, expect, it } from 'vitest'
import { tf } from './tf'
import { createTower, l2Normalize } from './towers'

describe('createTower', () => {
  it('builds preset A as the reference MLP: 1024 → 512 → 128 → 64 with LayerNorm', () => {
    const tower = createTower({ preset: 'A', inputShape: [784], seed: 1 })
    const dense = (i: number, o: number): number => i * o + o
    const norm = (n: number): number => 2 * n
    expect(tower.countParams()).toBe(dense(784, 1024) + norm(1024) + dense(1024, 512) + norm(512) + dense(512, 128) + norm(128) + dense(128, 64))
    expect(tower.outputs[0]!.shape).toEqual([null, 64])
    tower.dispose()
  })

  it('draws a fresh, seeded dropout mask at each training call and none in inference', () => {
    const x = tf.ones([2, 6])
    const run = (seed: number): number[][] => {
      const tower = createTower({ preset: 'A', inputShape: [6], seed, widths: [32, 32, 32] })
      const outs = [true, true, false, false].map((training) => {
        const y = tower.apply(x, { training }) as tf.Tensor
        const v = Array.from(y.dataSync())
        y.dispose()
        return v
      })
      tower.dispose()
      return outs
    }
    const [t1, t2, i1, i2] = run(3)
    expect(t1).not.toEqual(t2)
    expect(i1).toEqual(i2)
    expect(run(3)).toEqual([t1, t2, i1, i2]) // same seed, same masks
    x.dispose()
  })

  it('builds preset B for images and preset C as a small head', () => {
    const b = createTower({ preset: 'B', inputShape: [8, 8, 1], seed: 1 })
    expect(b.outputs[0]!.shape).toEqual([null, 64])
    const c = createTower({ preset: 'C', inputShape: [30], seed: 1, outputDim: 16 })
    expect(c.countParams()).toBe(30 * 256 + 256 + 256 * 16 + 16)
    b.dispose()
    c.dispose()
    expect(() => createTower({ preset: 'B', inputShape: [30], seed: 1 })).toThrow(/Preset B is for images/)
    expect(() => createTower({ preset: 'C', inputShape: [8, 8, 1], seed: 1 })).toThrow(/Use preset B/)
  })
})

describe('l2Normalize', () => {
  it('scales rows to unit length and leaves a zero row zero, not NaN', () => {
    const x = tf.tensor2d([[3, 4], [0, 0]])
    const y = l2Normalize(x)
    const v = Array.from(y.dataSync())
    expect(v[0]).toBeCloseTo(0.6, 6)
    expect(v[1]).toBeCloseTo(0.8, 6)
    expect(v.slice(2)).toEqual([0, 0])
    tf.dispose([x, y])
  })
})
