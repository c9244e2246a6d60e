/**
 * Losses for Siamese and triplet training, over embedding tensors [n, dim]:
 *
 * - contrastive (Hadsell, Chopra & LeCun 2006): ½·y·d² + ½·(1−y)·max(0, m−d)², y = 1 for a similar pair;
 * - triplet (FaceNet): max(0, d(a,p) − d(a,n) + m).
 *
 * Distances are sqrt(Σ(x−y)² + ε): the ε keeps the gradient of sqrt finite when two embeddings
 * coincide (all equal at initialisation, or a duplicated row), where a plain sqrt gives NaN. They are
 * taken from the differences, not from the |x|² + |y|² − 2x·y expansion, so equal embeddings have an
 * exactly zero gradient instead of one made of rounding error.
 *
 * The dynamic margin grows linearly from 1.0 at the first epoch to 1.5 at the last, as in the
 * reference: easy separation first, then a wider gap.
 */
import { tf } from './tf'

export const DISTANCE_EPSILON = 1e-9

/** Row-wise Euclidean distance of two [n, dim] tensors, with ε inside the sqrt; shape [n]. */
export function rowDistance(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(x, y)), 1), DISTANCE_EPSILON)) as tf.Tensor1D)
}

/** Mean contrastive loss of pairs (x[i], y[i]) with similarity labels `same` (1 similar, 0 not). */
export function contrastiveLoss(x: tf.Tensor2D, y: tf.Tensor2D, same: tf.Tensor1D, margin: number): tf.Scalar {
  return tf.tidy(() => {
    const d = rowDistance(x, y)
    const pull = tf.mul(same, tf.square(d))
    const push = tf.mul(tf.sub(1, same), tf.square(tf.relu(tf.sub(margin, d))))
    return tf.mul(0.5, tf.mean(tf.add(pull, push))) as tf.Scalar
  })
}

/** Mean triplet loss of triplets (anchor[i], positive[i], negative[i]). */
export function tripletLoss(anchor: tf.Tensor2D, positive: tf.Tensor2D, negative: tf.Tensor2D, margin: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.relu(tf.add(tf.sub(rowDistance(anchor, positive), rowDistance(anchor, negative)), margin))) as tf.Scalar)
}

export interface MarginSchedule {
  start: number
  end: number
}

export const REFERENCE_MARGIN: MarginSchedule = { start: 1.0, end: 1.5 }

/** Margin at 0-based `epoch` of `epochs`: linear from start (first epoch) to end (last epoch). */
export function dynamicMargin(epoch: number, epochs: number, schedule: MarginSchedule = REFERENCE_MARGIN): number {
  if (epochs <= 1) return schedule.start
  const t = Math.min(1, Math.max(0, epoch / (epochs - 1)))
  return schedule.start + (schedule.end - schedule.start) * t
}
