/**
 * Pillow's `Image.convert('L')` and `Image.resize(size, Image.LANCZOS)` for 8-bit gray images,
 * re-implemented so that perceptual hashes agree bit for bit with the `imagehash` library, which
 * defines its hashes on Pillow's pixels. Follows Pillow 9's libImaging/Resample.c: a separable
 * Lanczos-3 filter whose support grows with the reduction factor, coefficients normalised to sum 1
 * and then rounded to 22-bit fixed point, a horizontal pass before the vertical one, each rounding
 * and clipping to 8 bits. The scale is a float32 quotient, as Pillow's C computes it.
 */
import type { RawImage } from './raw-image'

const PRECISION_BITS = 32 - 8 - 2
const ONE = 1 << PRECISION_BITS
const HALF = 1 << (PRECISION_BITS - 1)

function sinc(x: number): number {
  if (x === 0) return 1
  const px = x * Math.PI
  return Math.sin(px) / px
}

function lanczos(x: number): number {
  return x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0
}

/** Per output pixel: the first input pixel, how many follow, and their fixed-point weights. */
interface Coefficients {
  first: Int32Array
  count: Int32Array
  ksize: number
  weights: Float64Array
}

function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = Math.fround(inSize / outSize)
  const filterScale = Math.max(scale, 1)
  const support = 3 * filterScale
  const ksize = Math.ceil(support) * 2 + 1
  const first = new Int32Array(outSize)
  const count = new Int32Array(outSize)
  const weights = new Float64Array(outSize * ksize)
  const k = new Float64Array(ksize)
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale
    // C's (int) cast truncates toward zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5))
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin
    let sum = 0
    for (let x = 0; x < xmax; x++) {
      k[x] = lanczos((x + xmin - center + 0.5) / filterScale)
      sum += k[x]!
    }
    for (let x = 0; x < xmax; x++) {
      const w = sum !== 0 ? k[x]! / sum : k[x]!
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE)
    }
    first[xx] = xmin
    count[xx] = xmax
  }
  return { first, count, ksize, weights }
}

function clip8(v: number): number {
  if (v >= ONE * 256) return 255
  if (v <= 0) return 0
  return Math.floor(v / ONE)
}

/** Pillow's 'L' conversion: ITU-R 601-2 luma in 16-bit fixed point; alpha is ignored. */
export function pillowGray(image: RawImage): Uint8Array {
  const { width, height, channels, data } = image
  const n = width * height
  const out = new Uint8Array(n)
  if (channels < 3) {
    for (let i = 0; i < n; i++) out[i] = data[i * channels]!
    return out
  }
  for (let i = 0; i < n; i++) {
    const o = i * channels
    out[i] = (data[o]! * 19595 + data[o + 1]! * 38470 + data[o + 2]! * 7471 + 0x8000) >>> 16
  }
  return out
}

/** Resizes 8-bit gray pixels as Pillow's LANCZOS does; tables are kept for one input size. */
export class PillowLanczos {
  private readonly horizontal: Coefficients | null
  private readonly vertical: Coefficients | null
  private readonly between: Uint8Array

  constructor(readonly width: number, readonly height: number, readonly outWidth: number, readonly outHeight: number) {
    this.horizontal = width !== outWidth ? coefficients(width, outWidth) : null
    this.vertical = height !== outHeight ? coefficients(height, outHeight) : null
    this.between = new Uint8Array(outWidth * height)
  }

  resize(gray: Uint8Array, out: Uint8Array = new Uint8Array(this.outWidth * this.outHeight)): Uint8Array {
    const { width, height, outWidth, outHeight } = this
    const rows = this.horizontal ? this.between : gray
    if (this.horizontal) {
      const { first, count, ksize, weights } = this.horizontal
      for (let y = 0; y < height; y++) {
        const row = y * width
        for (let xx = 0; xx < outWidth; xx++) {
          let s = HALF
          const x0 = first[xx]!
          const w0 = xx * ksize
          for (let x = 0; x < count[xx]!; x++) s += gray[row + x0 + x]! * weights[w0 + x]!
          this.between[y * outWidth + xx] = clip8(s)
        }
      }
    }
    if (!this.vertical) {
      out.set(rows.subarray(0, outWidth * outHeight))
      return out
    }
    const { first, count, ksize, weights } = this.vertical
    for (let yy = 0; yy < outHeight; yy++) {
      const y0 = first[yy]!
      const w0 = yy * ksize
      for (let x = 0; x < outWidth; x++) {
        let s = HALF
        for (let y = 0; y < count[yy]!; y++) s += rows[(y0 + y) * outWidth + x]! * weights[w0 + y]!
        out[yy * outWidth + x] = clip8(s)
      }
    }
    return out
  }
}
