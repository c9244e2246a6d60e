/**
 * Raw pixels as a feature: the image resized (bilinear, see resize.ts) to `size × size`, scaled to
 * 0..1. Gray gives `size²` values row by row; RGB gives `3 · size²` values laid out pixel by pixel
 * as r, g, b (the order of a NumPy `(height, width, 3)` array flattened). Gray images asked for RGB
 * repeat their one channel; colour images asked for gray use the BT.601 luma of `toGray`.
 */
import { checkRawImage, type RawImage } from './raw-image'
import { BilinearResizer, toGray } from './resize'

export interface PixelOptions {
  size: number
  color: 'gray' | 'rgb'
}

export function pixelDimension(options: PixelOptions): number {
  return options.size * options.size * (options.color === 'rgb' ? 3 : 1)
}

/** Pixels for images of one input size; buffers are kept between images. */
export class PixelExtractor {
  private readonly resizer: BilinearResizer
  private readonly plane: Float32Array
  private readonly resized: Float32Array

  constructor(readonly width: number, readonly height: number, readonly options: PixelOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`Pixel features need a whole size of at least 1, got ${options.size}.`)
    this.resizer = new BilinearResizer(width, height, options.size, options.size)
    this.plane = new Float32Array(width * height)
    this.resized = new Float32Array(options.size * options.size)
  }

  compute(image: RawImage, out: Float32Array = new Float32Array(pixelDimension(this.options))): Float32Array {
    checkRawImage(image)
    if (image.width !== this.width || image.height !== this.height) {
      throw new Error(`This extractor is for ${this.width} × ${this.height} images, got ${image.width} × ${image.height}.`)
    }
    if (out.length !== pixelDimension(this.options)) throw new Error(`Output buffer has ${out.length} values; ${pixelDimension(this.options)} needed.`)
    const { data, channels } = image
    if (this.options.color === 'gray') {
      this.resizer.resize(toGray(data, this.width, this.height, channels, this.plane), out)
      return out
    }
    const n = this.width * this.height
    const m = this.resized.length
    for (let c = 0; c < 3; c++) {
      // Gray and gray + alpha images repeat channel 0.
      const from = channels >= 3 ? c : 0
      for (let i = 0; i < n; i++) this.plane[i] = data[i * channels + from]! / 255
      this.resizer.resize(this.plane, this.resized)
      for (let i = 0; i < m; i++) out[i * 3 + c] = this.resized[i]!
    }
    return out
  }
}

/** Pixel feature of one image; for many images of one size, keep a `PixelExtractor`. */
export function pixelFeature(image: RawImage, options: PixelOptions): Float32Array {
  return new PixelExtractor(image.width, image.height, options).compute(image)
}
