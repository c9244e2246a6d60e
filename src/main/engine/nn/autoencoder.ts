/**
 * The autoencoders as Trainers (trainer.ts) for the shared training loop: the dense N2D design for
 * small images and feature vectors, the convolutional one for larger images (parameters and defaults
 * in autoencoder-params.ts, graphs in autoencoder-models.ts, loss in autoencoder-loss.ts). After
 * training, `embed` gives each row's bottleneck: the embedding that is then standardised and reduced.
 *
 * Choose the backend first, with selectBackend({ needs: autoencoderKernels(data, params) }).
 *
 * The step is written with optimizer.minimize rather than model.fit so the loop owns batching and
 * the loss can include the contrastive term; loss values are read asynchronously, which the WebGPU
 * backend needs. The contrastive negatives come from a generator reseeded at each epoch, so a run
 * resumed at an epoch boundary draws the same ones as a run that never stopped.
 */
import { tf, type tfl } from './tf'
import type { Trainer } from './trainer'
import { seededRandom } from '../random'
import type { AutoencoderParams } from './autoencoder-params'
import { CONV_KERNELS, DENSE_KERNELS, convAutoencoder, denseAutoencoder } from './autoencoder-models'
import { autoencoderLoss, nearestInBatch, randomOthers, type Pairs } from './autoencoder-loss'
import { imageSource, isImages, matrixSource, type AutoencoderData, type BatchSource } from './autoencoder-data'

export type { AutoencoderData } from './autoencoder-data'

export interface AutoencoderTrainer extends Trainer {
  /** Input → reconstruction; what model-files.ts saves. */
  model: tfl.LayersModel
  encoder: tfl.LayersModel
  optimizer: tf.Optimizer
  /** Kernels a training step runs: pass them to selectBackend({ needs }). */
  kernels: string[]
  /** Each row's bottleneck, rows × latent (all rows when none are given). */
  embed(rows?: Int32Array): Promise<Float32Array>
}

const EMBED_CHUNK = 256

function sourceFor(data: AutoencoderData, params: AutoencoderParams): BatchSource {
  if (!isImages(data)) {
    if (params.kind === 'conv') throw new Error('The convolutional autoencoder needs images; use the dense one for a feature matrix.')
    return matrixSource(data)
  }
  if (params.kind === 'dense') return imageSource(data, params.side ?? data.height, data.channels, true)
  return imageSource(data, params.side, params.channels ?? data.channels, false)
}

/**
 * The kernels training this model on this data runs: choose the backend with them before creating
 * the trainer (selectBackend({ needs })), so its variables live on that backend from the start.
 */
export function autoencoderKernels(data: AutoencoderData, params: AutoencoderParams): string[] {
  const side = params.side
  const resize = isImages(data) && side !== undefined && (side !== data.height || side !== data.width)
  // The contrastive term picks rows with a one-hot matrix product (no gather, whose gradient WASM lacks).
  const contrastive = params.contrastive === null || params.contrastive.weight === 0 ? [] : ['OneHot', 'ArgMin', 'BatchMatMul', 'Sqrt']
  return [...new Set([...(params.kind === 'conv' ? CONV_KERNELS : DENSE_KERNELS), ...(resize ? ['ResizeBilinear'] : []), ...contrastive])]
}

export function createAutoencoderTrainer(data: AutoencoderData, params: AutoencoderParams, seed: number): AutoencoderTrainer {
  const source = sourceFor(data, params)
  const graph = params.kind === 'dense' ? denseAutoencoder(source.shape[0]!, params, seed) : convAutoencoder(source.shape[2]!, params, seed)
  const optimizer = tf.train.adam(params.learningRate)
  const variables = (): tf.Variable[] => graph.training.weights.map((w) => w.read() as tf.Variable)
  const trainable = graph.training.trainableWeights.map((w) => w.read() as tf.Variable)
  let random = seededRandom(seed)
  let randomEpoch = -1

  // A batch of one row (the last of an epoch, say) has no other row to pull toward or push from.
  const pairsFor = (x: tf.Tensor, next: () => number): Pairs | null =>
    params.contrastive === null || params.contrastive.weight === 0 || x.shape[0]! < 2
      ? null
      : { positive: nearestInBatch(x), negative: randomOthers(x.shape[0]!, next) }

  const lossOf = (x: tf.Tensor, pairs: Pairs | null, training: boolean): tf.Scalar => {
    const [z, reconstruction] = graph.training.apply(x, { training }) as [tf.Tensor2D, tf.Tensor]
    return autoencoderLoss(x, z, reconstruction, pairs === null || params.contrastive === null ? null : { ...params.contrastive, pairs })
  }

  const run = async (rows: Int32Array, step: (x: tf.Tensor, pairs: Pairs | null) => tf.Scalar, next: () => number): Promise<number> => {
    const x = source.batch(rows)
    const pairs = pairsFor(x, next)
    try {
      const loss = step(x, pairs)
      const value = (await loss.data())[0]!
      loss.dispose()
      return value
    } finally {
      tf.dispose([x, pairs?.positive, pairs?.negative])
    }
  }

  return {
    model: graph.autoencoder,
    encoder: graph.encoder,
    optimizer,
    kernels: autoencoderKernels(data, params),
    trainBatch(rows, epoch) {
      if (epoch !== randomEpoch) {
        random = seededRandom((seed ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0)
        randomEpoch = epoch
      }
      return run(rows, (x, pairs) => optimizer.minimize(() => lossOf(x, pairs, true), true, trainable)!, random)
    },
    evaluate(rows) {
      // Fixed negatives per call, so the same rows always get the same validation loss.
      return run(rows, (x, pairs) => tf.tidy(() => lossOf(x, pairs, false)), seededRandom(seed ^ 0x5bd1e995))
    },
    // All weights, batch-norm moving statistics included: the best epoch and a resumed run need them too.
    weights: variables,
    async embed(rows) {
      const chosen = rows ?? Int32Array.from({ length: source.rows }, (_, i) => i)
      const latent = params.latent
      const out = new Float32Array(chosen.length * latent)
      for (let start = 0; start < chosen.length; start += EMBED_CHUNK) {
        const part = chosen.subarray(start, Math.min(chosen.length, start + EMBED_CHUNK))
        const x = source.batch(part)
        const z = tf.tidy(() => graph.encoder.apply(x, { training: false }) as tf.Tensor)
        out.set(await z.data(), start * latent)
        tf.dispose([x, z])
      }
      return out
    },
    dispose() {
      optimizer.dispose()
      // The training model holds every layer; the other two share them and have nothing of their own.
      graph.training.dispose()
    }
  }
}
