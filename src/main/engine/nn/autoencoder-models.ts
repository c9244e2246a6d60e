/**
 * The two autoencoder graphs, built with tfjs-layers as one functional graph so that three models share
 * its layers: `autoencoder` (input → reconstruction, the one saved to disk), `encoder` (input →
 * bottleneck, for embeddings) and `training` (input → [bottleneck, reconstruction], for the loss).
 *
 * - dense, the N2D design: d → 500 → 500 → 2000 → latent (linear), mirrored decoder, ReLU.
 * - conv: stride-2 conv + batch norm + ReLU blocks, a dense bottleneck, and conv2dTranspose blocks
 *   back to the input side, then a 3 × 3 convolution to the channels (linear output, as the dense one).
 * Every initialiser takes a seed derived from the trainer's, so the same seed gives the same model.
 */
import { tfl } from './tf'
import type { ConvAutoencoderParams, DenseAutoencoderParams } from './autoencoder-params'

export interface AutoencoderGraph {
  autoencoder: tfl.LayersModel
  encoder: tfl.LayersModel
  training: tfl.LayersModel
}

type Symbolic = tfl.SymbolicTensor

/**
 * Batch-norm's moving averages follow the batches faster than Keras' 0.99: a folder of a few hundred
 * images gives a few batches an epoch, and at 0.99 the statistics used for embedding lag for dozens
 * of epochs behind the ones the model trained with.
 */
const BN_MOMENTUM = 0.9

function seeded(seed: number): () => ReturnType<typeof tfl.initializers.glorotUniform> {
  let next = seed >>> 0
  return () => tfl.initializers.glorotUniform({ seed: next++ })
}

function assemble(input: Symbolic, bottleneck: Symbolic, output: Symbolic): AutoencoderGraph {
  return {
    autoencoder: tfl.model({ inputs: input, outputs: output, name: 'autoencoder' }),
    encoder: tfl.model({ inputs: input, outputs: bottleneck, name: 'encoder' }),
    training: tfl.model({ inputs: input, outputs: [bottleneck, output], name: 'autoencoder_training' })
  }
}

/** Kernels a training step runs, for selectBackend's `needs`. */
export const DENSE_KERNELS = ['BatchMatMul', 'Relu']
export const CONV_KERNELS = ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'FusedBatchNorm', 'BatchMatMul', 'Relu']

export function denseAutoencoder(inputSize: number, params: DenseAutoencoderParams, seed: number): AutoencoderGraph {
  const init = seeded(seed)
  const input = tfl.input({ shape: [inputSize], name: 'input' })
  const dense = (units: number, activation: 'relu' | 'linear', name?: string): tfl.layers.Layer =>
    tfl.layers.dense({ units, activation, kernelInitializer: init(), ...(name === undefined ? {} : { name }) })
  let x = input
  for (const units of params.hidden) x = dense(units, 'relu').apply(x) as Symbolic
  const bottleneck = dense(params.latent, 'linear', 'bottleneck').apply(x) as Symbolic
  x = bottleneck
  for (const units of [...params.hidden].reverse()) x = dense(units, 'relu').apply(x) as Symbolic
  const output = dense(inputSize, 'linear', 'reconstruction').apply(x) as Symbolic
  return assemble(input, bottleneck, output)
}

export function convAutoencoder(channels: number, params: ConvAutoencoderParams, seed: number): AutoencoderGraph {
  const depth = params.filters.length
  const step = 2 ** depth
  if (params.side % step !== 0 || params.side < step) {
    throw new Error(`The convolutional autoencoder's input side must be a multiple of ${step} (2 to the power of its ${depth} blocks); got ${params.side} px. Choose ${Math.max(step, Math.round(params.side / step) * step)} px.`)
  }
  const init = seeded(seed)
  const input = tfl.input({ shape: [params.side, params.side, channels], name: 'input' })
  const block = (x: Symbolic, filters: number, transpose: boolean): Symbolic => {
    const args = { filters, kernelSize: 3, strides: 2, padding: 'same' as const, useBias: false, kernelInitializer: init() }
    const conv = transpose ? tfl.layers.conv2dTranspose(args) : tfl.layers.conv2d(args)
    const normed = tfl.layers.batchNormalization({ momentum: BN_MOMENTUM }).apply(conv.apply(x)) as Symbolic
    return tfl.layers.reLU().apply(normed) as Symbolic
  }
  let x: Symbolic = input
  for (const filters of params.filters) x = block(x, filters, false)
  const last = params.filters[depth - 1]!
  const small = params.side / step
  x = tfl.layers.flatten().apply(x) as Symbolic
  const bottleneck = tfl.layers.dense({ units: params.latent, kernelInitializer: init(), name: 'bottleneck' }).apply(x) as Symbolic
  x = tfl.layers.dense({ units: small * small * last, activation: 'relu', kernelInitializer: init() }).apply(bottleneck) as Symbolic
  x = tfl.layers.reshape({ targetShape: [small, small, last] }).apply(x) as Symbolic
  for (const filters of [...params.filters].reverse()) x = block(x, filters, true)
  const output = tfl.layers.conv2d({ filters: channels, kernelSize: 3, padding: 'same', kernelInitializer: init(), name: 'reconstruction' }).apply(x) as Symbolic
  return assemble(input, bottleneck, output)
}
