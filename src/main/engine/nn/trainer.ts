/**
 * What the training loop (train-loop.ts) needs of a model: one optimisation step on a batch, a loss
 * on held-out data, and its weights for checkpoints. Autoencoders, Siamese and triplet networks each
 * implement it; the loop owns epochs, batching order, progress, cancel, early stopping and
 * checkpoints, so every model gets them the same way.
 *
 * Tensors: a trainer disposes everything it creates in a step (tf.tidy or explicit dispose), so
 * `tf.memory().numTensors` is the same after each step; the loop's test checks that for each model.
 */
import type * as tf from '@tensorflow/tfjs-core'

/** Row indices into the training data: the loop picks them, the trainer builds its tensors. */
export type BatchRows = Int32Array

export interface Trainer {
  /** One optimisation step on the rows; returns the batch's mean loss, finite or the loop stops with an error. */
  trainBatch(rows: BatchRows, epoch: number): Promise<number>
  /** Mean loss on the rows without changing the weights (validation); optional. */
  evaluate?(rows: BatchRows): Promise<number>
  /** The trainable weights in a stable order, for checkpoints and for keeping the best epoch. */
  weights(): tf.Variable[]
  /** Frees every tensor the trainer holds (model, optimizer slots, cached data). */
  dispose(): void
}
