/**
 * Grayscale conversion and bilinear resizing of single-channel float images.
 *
 * The resize is OpenCV's `INTER_LINEAR` (and scikit-image's `resize(order=1, mode='edge',
 * anti_aliasing=False)`, which the fixtures check it against): pixel centres sit at half-pixel
 * offsets, so output pixel `d` samples the input at `(d + 0.5) · in/out − 0.5`, and samples past the
 * border take the edge pixel. It does not smooth before shrinking, exactly like those two, so large
 * photos shrunk a lot alias; the features built on it keep the reference's behaviour on purpose.
 */

/** One channel of floats, row-major, `data.length === width * height`. */
export interface GrayImage {
  width: number
  height: number
  data: Float32Array
}

/**
 * ITU-R BT.601 luma weights, as OpenCV's `cvtColor(…, COLOR_RGB2GRAY)` and Pillow's `convert('L')`
 * use; the reference pipelines read images that way. scikit-image's `rgb2gray` uses the BT.709
 * weights (0.2125, 0.7154, 0.0721) instead; no fixture goes through either conversion.
 */
export const LUMA_601 = { r: 0.299, g: 0.587, b: 0.114 } as const

/**
 * Interleaved 8-bit pixels (as `sharp(…).raw()` gives them) to one channel scaled to 0..1.
 * 1 channel: gray; 2: gray + alpha; 3: RGB; 4: RGBA. Alpha is ignored, as when OpenCV reads a
 * file as grayscale.
 */
export function toGray(data: Uint8Array, width: number, height: number, channels: number,
  out: Float32Array = new Float32Array(width * height)): Float32Array {
  const n = width * height
  if (data.length !== n * channels) {
    throw new Error(`Pixel buffer has ${data.length} bytes; ${width} × ${height} × ${channels} channels needs ${n * channels}.`)
  }
  if (out.length !== n) throw new Error(`Output buffer has ${out.length} values; the image has ${n} pixels.`)
  if (channels === 1 || channels === 2) {
    for (let i = 0, j = 0; i < n; i++, j += channels) out[i] = data[j]! / 255
  } else if (channels === 3 || channels === 4) {
    const r = LUMA_601.r / 255
    const g = LUMA_601.g / 255
    const b = LUMA_601.b / 255
    for (let i = 0, j = 0; i < n; i++, j += channels) out[i] = r * data[j]! + g * data[j + 1]! + b * data[j + 2]!
  } else {
    throw new Error(`Images with ${channels} channels are not supported: expected 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).`)
  }
  return out
}

/** Per output position along one axis: the two input indices and the weight of the second. */
interface AxisTable {
  lo: Int32Array
  hi: Int32Array
  weight: Float64Array
}

function axisTable(inSize: number, outSize: number): AxisTable {
  const lo = new Int32Array(outSize)
  const hi = new Int32Array(outSize)
  const weight = new Float64Array(outSize)
  const scale = inSize / outSize
  for (let d = 0; d < outSize; d++) {
    const s = Math.min(Math.max((d + 0.5) * scale - 0.5, 0), inSize - 1)
    const i = Math.floor(s)
    lo[d] = i
    hi[d] = Math.min(i + 1, inSize - 1)
    weight[d] = s - i
  }
  return { lo, hi, weight }
}

function checkSize(what: string, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`${what} size must be whole numbers of at least 1 pixel, got ${width} × ${height}.`)
  }
}

/**
 * A resize between two fixed sizes with its tables computed once; `resize` allocates nothing when
 * given an output buffer, so one instance serves every image of a dataset whose images share a size.
 */
export class BilinearResizer {
  private readonly x: AxisTable
  private readonly y: AxisTable
  /** The input rows resized horizontally, in double precision like scikit-image. */
  private readonly rows: Float64Array
  /** 1 where an input row holds a single value. */
  private readonly flat: Uint8Array

  constructor(
    readonly srcWidth: number,
    readonly srcHeight: number,
    readonly dstWidth: number,
    readonly dstHeight: number
  ) {
    checkSize('Input', srcWidth, srcHeight)
    checkSize('Output', dstWidth, dstHeight)
    this.x = axisTable(srcWidth, dstWidth)
    this.y = axisTable(srcHeight, dstHeight)
    this.rows = new Float64Array(srcHeight * dstWidth)
    this.flat = new Uint8Array(srcHeight)
  }

  resize(src: Float32Array, out: Float32Array = new Float32Array(this.dstWidth * this.dstHeight)): Float32Array {
    const { srcWidth: sw, srcHeight: sh, dstWidth: dw, dstHeight: dh, rows, flat } = this
    if (src.length !== sw * sh) throw new Error(`Input has ${src.length} values; ${sw} × ${sh} needs ${sw * sh}.`)
    if (out.length !== dw * dh) throw new Error(`Output buffer has ${out.length} values; ${dw} × ${dh} needs ${dw * dh}.`)
    const { lo: xLo, hi: xHi, weight: xW } = this.x
    for (let r = 0; r < sh; r++) {
      const s = r * sw
      const o = r * dw
      // Rows of one value (the margins of a scanned digit or document) are filled, not interpolated.
      const v = src[s]!
      let i = 1
      while (i < sw && src[s + i] === v) i++
      flat[r] = i === sw ? 1 : 0
      if (i === sw) {
        rows.fill(v, o, o + dw)
        continue
      }
      for (let d = 0; d < dw; d++) {
        const a = src[s + xLo[d]!]!
        rows[o + d] = a + (src[s + xHi[d]!]! - a) * xW[d]!
      }
    }
    const { lo: yLo, hi: yHi, weight: yW } = this.y
    for (let d = 0; d < dh; d++) {
      const lo = yLo[d]!
      const hi = yHi[d]!
      const w = yW[d]!
      const o = d * dw
      if (flat[lo] === 1 && flat[hi] === 1) {
        const a = rows[lo * dw]!
        out.fill(a + (rows[hi * dw]! - a) * w, o, o + dw)
        continue
      }
      const a0 = lo * dw
      const b0 = hi * dw
      for (let c = 0; c < dw; c++) {
        const a = rows[a0 + c]!
        out[o + c] = a + (rows[b0 + c]! - a) * w
      }
    }
    return out
  }
}

/** Resizes one image; for many images of one size, keep a `BilinearResizer`. */
export function resizeBilinear(image: GrayImage, width: number, height: number): GrayImage {
  const data = new BilinearResizer(image.width, image.height, width, height).resize(image.data)
  return { width, height, data }
}
