/**
 * The autoencoders' loss: reconstruction MSE plus an optional contrastive term on the bottleneck, the
 * pair loss of ARCHITECTURE.md (½·y·d² + ½·(1−y)·max(0, m−d)²) with each row's positive its nearest
 * neighbour in input space within the batch and its negative a random other row of the batch.
 *
 * Written so it cannot give NaN on degenerate data (all-equal rows, all zeros): the positive term uses
 * d² (no square root), the negative one √(d² + ε) (never the square root of 0, whose gradient is
 * infinite), and there is no logarithm and no division by a norm.
 */
import { tf } from './tf'

const EPSILON = 1e-6
/** Added to a row's distance to itself so the nearest neighbour is another row. */
const SELF = 1e30

/** Index of each row's nearest other row (squared Euclidean) in the batch; the row itself for a batch of one. */
export function nearestInBatch(x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const n = x.shape[0]!
    const flat = x.reshape([n, -1])
    const norms = flat.square().sum(1)
    const distances = norms.expandDims(1).add(norms.expandDims(0)).sub(flat.matMul(flat, false, true).mul(2))
    return distances.add(tf.eye(n).mul(SELF)).argMin(1) as tf.Tensor1D
  })
}

/** For each row a different row of the batch, chosen by `random`; the row itself for a batch of one. */
export function randomOthers(n: number, random: () => number): tf.Tensor1D {
  const others = new Int32Array(n)
  for (let i = 0; i < n; i++) others[i] = n > 1 ? (i + 1 + Math.floor(random() * (n - 1))) % n : i
  return tf.tensor1d(others, 'int32')
}

export interface Pairs {
  positive: tf.Tensor1D
  negative: tf.Tensor1D
}

/**
 * The rows of z at these indices, picked by a one-hot matrix product rather than a gather: gather's
 * gradient (UnsortedSegmentSum) is missing from the WebAssembly backend, a matrix product's is not.
 */
function pickRows(z: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
  return tf.oneHot(indices, z.shape[0]).toFloat().matMul(z) as tf.Tensor2D
}

export function contrastiveTerm(z: tf.Tensor2D, pairs: Pairs, margin: number): tf.Scalar {
  return tf.tidy(() => {
    const toPositive = z.sub(pickRows(z, pairs.positive)).square().sum(1)
    const toNegative = z.sub(pickRows(z, pairs.negative)).square().sum(1).add(EPSILON).sqrt()
    const push = tf.relu(tf.scalar(margin).sub(toNegative)).square()
    return toPositive.add(push).mul(0.5).mean() as tf.Scalar
  })
}

/** MSE(reconstruction, input) + weight · contrastive term (when pairs are given). */
export function autoencoderLoss(input: tf.Tensor, bottleneck: tf.Tensor2D, reconstruction: tf.Tensor, contrastive: { weight: number; margin: number; pairs: Pairs } | null): tf.Scalar {
  return tf.tidy(() => {
    const mse = reconstruction.sub(input).square().mean() as tf.Scalar
    if (contrastive === null || contrastive.weight === 0) return mse
    return mse.add(contrastiveTerm(bottleneck, contrastive.pairs, contrastive.margin).mul(contrastive.weight))
  })
}
