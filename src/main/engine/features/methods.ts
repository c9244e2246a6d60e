/**
 * The hand-made feature methods behind one interface: decoded 8-bit pixels in, a Float32Array out.
 * Each `extractor(params)` keeps its tables and buffers per input size, so a worker that feeds it
 * the images of a dataset one after another allocates little beyond the vectors it returns.
 */
import { blockSignature } from './block-signature'
import { colorHistogram, colorHistogramDimension } from './color-histogram'
import { BLOCK_NORMS, HogExtractor, hogLayout, type BlockNorm, type HogOptions } from './hog'
import { FeatureParamsError, type ParamSpecs } from './params'
import { PixelExtractor, pixelDimension } from './pixels'
import { checkRawImage, type RawImage } from './raw-image'
import { colourPresence } from './colour-presence'
import { BilinearResizer, toGray } from './resize'

export interface HogParams {
  /** Side of the square the image is resized to, in pixels. */
  size: number
  /** Side of a square cell, in pixels. */
  cell: number
  /** Side of a square block, in cells. */
  block: number
  /** Unsigned orientation bins over 0..180°. */
  bins: number
  norm: BlockNorm
  transformSqrt: boolean
  /**
   * Append one value: whether the image has colour (see colour-presence.ts), weighted like the
   * whole HOG vector, so gray and colour versions of the same shapes fall apart.
   */
  colour: boolean
}

export interface PixelParams {
  size: number
  color: 'gray' | 'rgb'
}

export interface ColorHistogramParams {
  hueBins: number
  saturationBins: number
  valueBins: number
  mode: 'joint' | 'per-channel'
}

export interface BlockSignatureParams {
  /** Blocks per side: 4, 7 and 14 divide a 28-pixel digit evenly; other grids work too. */
  grid: number
  /** Weigh blocks by darkness (1 − intensity), for dark marks on a light ground. */
  invert: boolean
}

export type Extract = (image: RawImage) => Float32Array

/** Up to `limit` values keyed by input size; the oldest goes first when a new size arrives. */
function perSize<T>(make: (width: number, height: number) => T, limit = 8): (width: number, height: number) => T {
  const cache = new Map<number, T>()
  return (width, height) => {
    const key = width * 4294967296 + height
    let value = cache.get(key)
    if (value === undefined) {
      if (cache.size >= limit) cache.delete(cache.keys().next().value!)
      value = make(width, height)
      cache.set(key, value)
    }
    return value
  }
}

export function hogOptions(p: HogParams): HogOptions {
  return { orientations: p.bins, pixelsPerCell: [p.cell, p.cell], cellsPerBlock: [p.block, p.block], blockNorm: p.norm, transformSqrt: p.transformSqrt }
}

export const HOG_SPECS: ParamSpecs<HogParams> = {
  size: { kind: 'int', min: 3, max: 2048 },
  cell: { kind: 'int', min: 1, max: 2048 },
  block: { kind: 'int', min: 1, max: 64 },
  bins: { kind: 'int', min: 1, max: 180 },
  norm: { kind: 'enum', values: BLOCK_NORMS },
  transformSqrt: { kind: 'bool' },
  colour: { kind: 'bool' }
}

export function checkHog(p: HogParams): void {
  try {
    hogLayout(p.size, p.size, hogOptions(p))
  } catch (err) {
    throw new FeatureParamsError((err as Error).message)
  }
}

export function hogDimension(p: HogParams): number {
  return hogLayout(p.size, p.size, hogOptions(p)).dimension + (p.colour ? 1 : 0)
}

/**
 * Gray (0..1), resized to `size × size` (skipped when it already is), then HOG. Pipelines that
 * feed scikit-image 8-bit images compute on 0..255 instead; that changes only how much eps = 1e-5
 * weighs in the block norms, not the bins.
 */
export function hogExtractor(p: HogParams): Extract {
  const hog = new HogExtractor(p.size, p.size, hogOptions(p))
  const resized = new Float32Array(p.size * p.size)
  const stage = perSize((w, h) => ({
    gray: new Float32Array(w * h),
    resizer: w === p.size && h === p.size ? null : new BilinearResizer(w, h, p.size, p.size)
  }))
  const { dimension } = hog.layout
  // Each block is normalised to length about 1, so the vector's length is about √blocks: the
  // colour value weighs as much as the shape, enough for UMAP's neighbours to keep the styles apart.
  const colourWeight = Math.sqrt(dimension / (p.block * p.block * p.bins))
  return (image) => {
    checkRawImage(image)
    const { gray, resizer } = stage(image.width, image.height)
    toGray(image.data, image.width, image.height, image.channels, gray)
    const source = resizer === null ? gray : resizer.resize(gray, resized)
    if (!p.colour) return hog.compute(source)
    const out = new Float32Array(dimension + 1)
    hog.compute(source, out.subarray(0, dimension))
    out[dimension] = colourWeight * colourPresence(image)
    return out
  }
}

export const PIXEL_SPECS: ParamSpecs<PixelParams> = {
  size: { kind: 'int', min: 1, max: 1024 },
  color: { kind: 'enum', values: ['gray', 'rgb'] }
}

export { pixelDimension }

export function pixelExtractor(p: PixelParams): Extract {
  const stage = perSize((w, h) => new PixelExtractor(w, h, p))
  return (image) => stage(image.width, image.height).compute(image)
}

export const COLOR_HISTOGRAM_SPECS: ParamSpecs<ColorHistogramParams> = {
  hueBins: { kind: 'int', min: 1, max: 256 },
  saturationBins: { kind: 'int', min: 1, max: 256 },
  valueBins: { kind: 'int', min: 1, max: 256 },
  mode: { kind: 'enum', values: ['joint', 'per-channel'] }
}

const MAX_JOINT_BINS = 65536

export function checkColorHistogram(p: ColorHistogramParams): void {
  const n = p.hueBins * p.saturationBins * p.valueBins
  if (p.mode === 'joint' && n > MAX_JOINT_BINS) {
    throw new FeatureParamsError(`A joint colour histogram of ${p.hueBins} × ${p.saturationBins} × ${p.valueBins} = ${n} bins is too large (at most ${MAX_JOINT_BINS}): use fewer bins or mode 'per-channel'.`)
  }
}

export function colorOptions(p: ColorHistogramParams): Parameters<typeof colorHistogram>[1] {
  return { bins: [p.hueBins, p.saturationBins, p.valueBins], mode: p.mode }
}

export function colorDimension(p: ColorHistogramParams): number {
  return colorHistogramDimension(colorOptions(p))
}

export function colorExtractor(p: ColorHistogramParams): Extract {
  const options = colorOptions(p)
  return (image) => colorHistogram(image, options)
}

export const BLOCK_SIGNATURE_SPECS: ParamSpecs<BlockSignatureParams> = {
  grid: { kind: 'int', min: 1, max: 64 },
  invert: { kind: 'bool' }
}

/** The block weights only; the centres depend on the grid alone (`blockCentres(grid)`). */
export function blockSignatureExtractor(p: BlockSignatureParams): Extract {
  const stage = perSize((w, h) => new Float32Array(w * h))
  return (image) => {
    checkRawImage(image)
    const gray = toGray(image.data, image.width, image.height, image.channels, stage(image.width, image.height))
    return Float32Array.from(blockSignature({ width: image.width, height: image.height, data: gray }, p.grid, p.invert).weights)
  }
}
