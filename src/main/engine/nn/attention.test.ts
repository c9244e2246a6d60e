import { describe, expect, it } from 'vitest'
import { tf } from './tf'
import { applyGate, createAttentionGate, gateWeights } from './attention'

describe('attention gate', () => {
  it('starts as the identity and softmax weights sum to the dimension', () => {
    for (const kind of ['softmax', 'sigmoid'] as const) {
      const gate = createAttentionGate(4, kind)
      const x = tf.tensor2d([[1, 2, 3, 4]])
      const y = applyGate(gate, x)
      expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4])
      tf.dispose([x, y, gate.logits])
    }
    const gate = createAttentionGate(3, 'softmax')
    gate.logits.assign(tf.tensor1d([0, Math.log(2), Math.log(3)]))
    const w = gateWeights(gate)
    // softmax(0, ln 2, ln 3) = (1, 2, 3) / 6, times 3
    expect(Array.from(w.dataSync()).map((v) => Number(v.toFixed(5)))).toEqual([0.5, 1, 1.5])
    tf.dispose([w, gate.logits])
  })
})
