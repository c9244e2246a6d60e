/**
 * The shared tower of a Siamese or triplet network: one model applied to every input of a pair or
 * triplet, so both sides share their weights by construction.
 *
 * - A, the reference MLP: input → 1024 → 512 → 128 → 64, ReLU and LayerNorm after each hidden
 *   layer, dropout 0.3 / 0.3 / 0.5.
 * - B, a small CNN for images: (conv 3×3 → batch norm → ReLU → max-pool 2) per block, then dense 64.
 * - C, a head on an existing feature set: d → 256 → 64.
 *
 * Dropout here draws a new mask at every training call from the tower's seeded generator. tfjs's own
 * Dropout layer passes its fixed `seed` to tf.dropout at each call, which gives the same mask at
 * every step (and without a seed it is not reproducible), so it is not used.
 */
import { tf, tfl } from './tf'
import { seededRandom } from '../random'

export type TowerPreset = 'A' | 'B' | 'C'

export interface TowerOptions {
  preset: TowerPreset
  /** [features] for A and C, [height, width, channels] for B. */
  inputShape: number[]
  seed: number
  /** Embedding size; 64 in the reference. */
  outputDim?: number
  /** Hidden widths of A or C, or the filters of B's blocks, replacing the preset's. */
  widths?: number[]
}

export const PRESET_WIDTHS: Record<TowerPreset, number[]> = { A: [1024, 512, 128], B: [16, 32], C: [256] }
const PRESET_A_DROPOUT = [0.3, 0.3, 0.5]
// Keras' default 0.99 leaves the moving statistics near their start for the first few hundred
// steps, and inference (embed) uses them: a short run on a small folder would embed with the wrong
// scale. 0.9 follows the batch statistics within tens of steps.
const BATCH_NORM_MOMENTUM = 0.9

interface SeededDropoutArgs {
  rate: number
  seed: number
  name?: string
}

export class SeededDropout extends tfl.layers.Layer {
  static readonly className = 'LikenessSeededDropout'
  private readonly rate: number
  private readonly seed: number
  private readonly random: () => number

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name })
    this.rate = args.rate
    this.seed = args.seed
    this.random = seededRandom(args.seed)
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs
    if (kwargs['training'] !== true || this.rate === 0) return x
    const seed = Math.floor(this.random() * 2 ** 31)
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed))
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed }
  }
}
tf.serialization.registerClass(SeededDropout)

function dense(units: number, seed: number, activation?: 'relu'): tfl.layers.Layer {
  return tfl.layers.dense({ units, activation, kernelInitializer: tfl.initializers.glorotUniform({ seed }) })
}

/** Builds the tower; outputs [batch, outputDim]. */
export function createTower(options: TowerOptions): tfl.Sequential {
  const { preset, inputShape, seed } = options
  const outputDim = options.outputDim ?? 64
  const widths = options.widths ?? PRESET_WIDTHS[preset]
  const model = tfl.sequential()
  model.add(tfl.layers.inputLayer({ inputShape }))
  if (preset === 'B') {
    if (inputShape.length !== 3) throw new Error(`Preset B is for images: it needs [height, width, channels], not [${inputShape.join(', ')}]. Use preset A or C for feature vectors.`)
    widths.forEach((filters, i) => {
      model.add(tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tfl.initializers.heNormal({ seed: seed + i }) }))
      model.add(tfl.layers.batchNormalization({ momentum: BATCH_NORM_MOMENTUM }))
      model.add(tfl.layers.reLU())
      model.add(tfl.layers.maxPooling2d({ poolSize: 2 }))
    })
    model.add(tfl.layers.flatten())
  } else {
    if (inputShape.length !== 1) throw new Error(`Preset ${preset} is for feature vectors: it needs [features], not [${inputShape.join(', ')}]. Use preset B for images.`)
    widths.forEach((units, i) => {
      model.add(dense(units, seed + i, 'relu'))
      if (preset === 'A') {
        model.add(tfl.layers.layerNormalization({}))
        model.add(new SeededDropout({ rate: PRESET_A_DROPOUT[i] ?? 0.5, seed: seed + 1000 + i }))
      }
    })
  }
  model.add(dense(outputDim, seed + widths.length))
  return model
}

export const L2_EPSILON = 1e-12

/** Rows scaled to unit length; a zero row stays zero instead of becoming NaN. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), L2_EPSILON))) as tf.Tensor2D)
}
