/**
 * Registry of the hand-made feature methods. A caller (a worker thread, usually) picks a method
 * by id, checks user parameters once with `params`, and runs `extractor(params)` on every decoded
 * image, or `extract` for a single one:
 *
 *   const method = featureMethod('hog')
 *   const params = method.params({ cell: 8 })       // defaults filled in, FeatureParamsError if bad
 *   const run = method.extractor(params)
 *   const { data, info } = await sharp(buf).raw().toBuffer({ resolveWithObject: true })
 *   const vector = run({ width: info.width, height: info.height, channels: info.channels, data })
 *
 * Every vector of one method and parameter set has `dimension(params)` values.
 */
import {
  BLOCK_SIGNATURE_SPECS, COLOR_HISTOGRAM_SPECS, HOG_SPECS, PIXEL_SPECS, blockSignatureExtractor, checkColorHistogram, checkHog,
  colorDimension, colorExtractor, hogDimension, hogExtractor, pixelDimension, pixelExtractor,
  type BlockSignatureParams, type ColorHistogramParams, type Extract, type HogParams, type PixelParams
} from './methods'
import { FeatureParamsError, readParams, type ParamSpecs } from './params'
import type { RawImage } from './raw-image'
import { PHASH_SPECS, checkPhash, phashDimension, phashExtractor, type PhashParams } from './phash'

export type { BlockSignatureParams, ColorHistogramParams, HogParams, PixelParams } from './methods'
export type { RawImage } from './raw-image'
export { FeatureParamsError } from './params'
export type { PhashParams } from './phash'
export { blockCentres, blockSignature, type BlockSignature } from './block-signature'

export interface FeatureParamsById {
  hog: HogParams
  pixels: PixelParams
  'color-histogram': ColorHistogramParams
  'block-signature': BlockSignatureParams
  phash: PhashParams
}

export type FeatureId = keyof FeatureParamsById

export interface FeatureMethod<P> {
  id: FeatureId
  label: string
  /** One line for the UI. */
  description: string
  defaults: Readonly<P>
  /** What each parameter accepts, for forms. */
  specs: ParamSpecs<P>
  /** `input` (an object of some or all parameters, or undefined) over the defaults, checked. */
  params(input?: unknown): P
  dimension(params: P): number
  /** For many images; keeps tables and buffers per input size. */
  extractor(params: P): Extract
  /** For one image; equal parameters reuse a recent extractor. */
  extract(image: RawImage, params: P): Float32Array
}

function define<P extends object>(spec: {
  id: FeatureId
  label: string
  description: string
  defaults: P
  specs: ParamSpecs<P>
  check?: (p: P) => void
  dimension: (p: P) => number
  extractor: (p: P) => Extract
}): FeatureMethod<P> {
  const recent = new Map<string, Extract>()
  const params = (input?: unknown): P => {
    const p = readParams(spec.label, input, spec.defaults, spec.specs)
    spec.check?.(p)
    return p
  }
  return {
    id: spec.id,
    label: spec.label,
    description: spec.description,
    defaults: Object.freeze({ ...spec.defaults }),
    specs: spec.specs,
    params,
    dimension: (p) => spec.dimension(params(p)),
    extractor: (p) => spec.extractor(params(p)),
    extract(image, p) {
      const key = JSON.stringify(p)
      let run = recent.get(key)
      if (run === undefined) {
        run = spec.extractor(params(p))
        if (recent.size >= 4) recent.delete(recent.keys().next().value!)
        recent.set(key, run)
      }
      return run(image)
    }
  }
}

export const FEATURE_METHODS: { readonly [K in FeatureId]: FeatureMethod<FeatureParamsById[K]> } = {
  hog: define<HogParams>({
    id: 'hog',
    label: 'HOG',
    description: 'Histogram of oriented gradients of the grayscale image resized to a square.',
    defaults: { size: 128, cell: 16, block: 1, bins: 9, norm: 'L2-Hys', transformSqrt: false, colour: false },
    specs: HOG_SPECS,
    check: checkHog,
    dimension: hogDimension,
    extractor: hogExtractor
  }),
  pixels: define<PixelParams>({
    id: 'pixels',
    label: 'Pixels',
    description: 'The image resized to a small square, every pixel a value from 0 to 1.',
    defaults: { size: 28, color: 'gray' },
    specs: PIXEL_SPECS,
    dimension: pixelDimension,
    extractor: pixelExtractor
  }),
  'color-histogram': define<ColorHistogramParams>({
    id: 'color-histogram',
    label: 'Colour histogram',
    description: 'Share of pixels in each hue, saturation and value range.',
    defaults: { hueBins: 8, saturationBins: 4, valueBins: 4, mode: 'joint' },
    specs: COLOR_HISTOGRAM_SPECS,
    check: checkColorHistogram,
    dimension: colorDimension,
    extractor: colorExtractor
  }),
  'block-signature': define<BlockSignatureParams>({
    id: 'block-signature',
    label: 'Block signature',
    description: "Mean intensity of each block of a grid, for the Earth Mover's Distance.",
    defaults: { grid: 7, invert: false },
    specs: BLOCK_SIGNATURE_SPECS,
    dimension: (p) => p.grid * p.grid,
    extractor: blockSignatureExtractor
  }),
  phash: define<PhashParams>({
    id: 'phash',
    label: 'Perceptual hash',
    description: 'Bits of a tiny gray copy (average, difference or DCT hash), for finding near-duplicate images.',
    defaults: { kind: 'dct', bits: 64 },
    specs: PHASH_SPECS,
    check: checkPhash,
    dimension: phashDimension,
    extractor: phashExtractor
  })
}

export const FEATURE_IDS = Object.keys(FEATURE_METHODS) as FeatureId[]

/** Parameters of any method; each method's `params` and `extractor` check that they are its own. */
export type FeatureParams = FeatureParamsById[FeatureId]

/**
 * The method of an id that came from outside (a stored feature set, a request). For a method
 * known in the code, `FEATURE_METHODS.hog` and the like keep the parameter type precise.
 */
export function featureMethod(id: string): FeatureMethod<FeatureParams> {
  if (!Object.hasOwn(FEATURE_METHODS, id)) {
    throw new FeatureParamsError(`Unknown feature method '${id}': use one of ${FEATURE_IDS.join(', ')}.`)
  }
  return FEATURE_METHODS[id as FeatureId] as FeatureMethod<FeatureParams>
}
