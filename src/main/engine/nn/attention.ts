/**
 * Attention weighting over the embedding's dimensions: a learned gate vector g multiplies every
 * embedding element-wise. With 'softmax' the weights are dim·softmax(g) (they sum to dim, so the
 * start, g = 0, is the identity); with 'sigmoid' each is 2·σ(g), also 1 at the start. The gate
 * lets training turn down dimensions that carry no similarity.
 */
import { tf } from './tf'

export type GateKind = 'softmax' | 'sigmoid'

export interface AttentionGate {
  kind: GateKind
  logits: tf.Variable
}

let created = 0

export function createAttentionGate(dim: number, kind: GateKind = 'softmax'): AttentionGate {
  // tf variable names must be unique in the engine; a counter keeps them so and reproducible.
  return { kind, logits: tf.variable(tf.zeros([dim]), true, `attention_gate_${++created}`) }
}

/** The per-dimension weights, shape [dim]. */
export function gateWeights(gate: AttentionGate): tf.Tensor1D {
  return tf.tidy(() => {
    const g = gate.logits as tf.Tensor1D
    return (gate.kind === 'softmax' ? tf.mul(tf.softmax(g), g.shape[0]) : tf.mul(tf.sigmoid(g), 2)) as tf.Tensor1D
  })
}

/** Embeddings [n, dim] weighted by the gate. */
export function applyGate(gate: AttentionGate, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, gateWeights(gate)) as tf.Tensor2D)
}
