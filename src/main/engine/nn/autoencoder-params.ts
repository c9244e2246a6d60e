/**
 * The autoencoders' parameters and the defaults that follow the images, in the style of the feature
 * defaults (features/image-defaults.ts): a function of the images' sizes returning the parameters and
 * the sentence a researcher reads beside them.
 *
 * - Small images (typical side ≤ 32 px, digits and icons): the dense N2D autoencoder on the pixel
 *   vector, d → 500 → 500 → 2000 → 10 with a mirrored decoder (McConville et al., N2D, 2020).
 * - Larger images: the convolutional autoencoder, three stride-2 conv + batch-norm blocks of 32, 64
 *   and 128 filters to a dense bottleneck, at the images' typical side rounded up to a multiple of 8
 *   (each block halves the side) and at most 64 px, where the JS and WebGPU backends still train in
 *   minutes; past it the model sees more pixels but the clusters of a folder rarely change.
 */
import { typicalSide, type ChosenParams, type ImageSize } from '../features/image-defaults'

export interface ContrastiveParams {
  /** Weight of the contrastive term against the reconstruction MSE. */
  weight: number
  /** Distance beyond which a random row no longer pushes the bottleneck apart. */
  margin: number
}

interface CommonParams {
  latent: number
  learningRate: number
  contrastive: ContrastiveParams | null
}

export interface DenseAutoencoderParams extends CommonParams {
  kind: 'dense'
  /** Encoder widths; the decoder mirrors them. N2D: [500, 500, 2000]. */
  hidden: number[]
  /** Images are resized to side × side before being flattened; ignored for a feature matrix. */
  side?: number
}

export interface ConvAutoencoderParams extends CommonParams {
  kind: 'conv'
  /** Input side in pixels; a multiple of 2^filters.length. */
  side: number
  /** Filters per stride-2 block; the depth is its length. */
  filters: number[]
  /** Convert the images to 1 (gray) or 3 channels first; default: the images' own. */
  channels?: 1 | 3
}

export type AutoencoderParams = DenseAutoencoderParams | ConvAutoencoderParams

export const DENSE_LARGEST_SIDE = 32
const CONV_LARGEST_SIDE = 64
const CONV_FILTERS = [32, 64, 128]
const DEFAULT_CONTRASTIVE: ContrastiveParams = { weight: 0.1, margin: 1 }

export function denseDefaults(side?: number): DenseAutoencoderParams {
  return { kind: 'dense', hidden: [500, 500, 2000], latent: 10, learningRate: 1e-3, contrastive: { ...DEFAULT_CONTRASTIVE }, ...(side === undefined ? {} : { side }) }
}

export function convDefaults(side: number): ConvAutoencoderParams {
  return { kind: 'conv', side, filters: [...CONV_FILTERS], latent: 32, learningRate: 1e-3, contrastive: { ...DEFAULT_CONTRASTIVE } }
}

/** Autoencoder parameters for images of these sizes (a sample of a dataset's), with the reason. */
export function autoencoderForImages(sizes: readonly ImageSize[]): ChosenParams<AutoencoderParams> {
  const side = typicalSide(sizes)
  if (side === null) {
    return { params: convDefaults(CONV_LARGEST_SIDE), reason: `No image size could be read, so the convolutional autoencoder works at ${CONV_LARGEST_SIDE} px, its setting for photos.` }
  }
  const shown = Math.round(side)
  if (side <= DENSE_LARGEST_SIDE) {
    return {
      params: denseDefaults(shown),
      reason: `The images are small (typical side ${shown} px), so the dense N2D autoencoder learns from the ${shown} × ${shown} pixel vector through 500, 500 and 2,000 units to 10 values per image.`
    }
  }
  const step = 2 ** CONV_FILTERS.length
  const input = Math.min(CONV_LARGEST_SIDE, Math.ceil(side / step) * step)
  const how = input < side ? `the images' typical side of ${shown} px brought down to ${input} px` : `the images' typical side of ${shown} px`
  return {
    params: convDefaults(input),
    reason: `The convolutional autoencoder (32, 64 and 128 filters, 32 values per image) sees the images at ${input} px (${how}): convolutions keep the layout of larger images that a pixel vector loses.`
  }
}
