/**
 * Colour histograms in HSV, counted over every pixel of the image at its own size, L1-normalised
 * (the values sum to 1).
 *
 * - `joint` (the default): one bin per (hue, saturation, value) cell, `h · s · v` values, index
 *   `(hueBin · s + satBin) · v + valBin`;
 * - `per-channel`: the hue, saturation and value histograms one after the other, `h + s + v`
 *   values; each part sums to 1/3.
 *
 * Bin k of n holds [k/n, (k+1)/n); a saturation or value of exactly 1 goes to the last bin. The
 * HSV conversion repeats `skimage.color.rgb2hsv` operation for operation (the fixtures check it),
 * so pixels on a bin edge land where they land there. Alpha is ignored; gray images have hue and
 * saturation 0.
 */
import { checkRawImage, type RawImage } from './raw-image'

export interface ColorHistogramOptions {
  /** Bins for hue, saturation and value. */
  bins: readonly [number, number, number]
  mode: 'joint' | 'per-channel'
}

export function colorHistogramDimension(options: ColorHistogramOptions): number {
  const [h, s, v] = options.bins
  return options.mode === 'joint' ? h * s * v : h + s + v
}

/** 8-bit value to 0..1 as scikit-image's `img_as_float64` does it: times 1/255, not divided by 255. */
const UNIT = new Float64Array(256).map((_, i) => i * (1 / 255))

/** HSV of one pixel in 0..1, written to `out[0..2]`; `r`, `g`, `b` are 0..1 floats. */
export function rgbToHsv(r: number, g: number, b: number, out: Float64Array): Float64Array {
  const v = Math.max(r, g, b)
  const delta = v - Math.min(r, g, b)
  let h = 0
  let s = 0
  if (delta !== 0) {
    s = delta / v
    // Where channels tie for the maximum, blue wins over green over red, as in rgb2hsv.
    let sixths: number
    if (b === v) sixths = 4 + (r - g) / delta
    else if (g === v) sixths = 2 + (b - r) / delta
    else sixths = (g - b) / delta
    h = (sixths / 6) % 1
    // numpy's floored modulo: a negative remainder moves up by 1.
    if (h < 0) h += 1
  }
  out[0] = h
  out[1] = s
  out[2] = v
  return out
}

function bin(x: number, n: number): number {
  const k = Math.floor(x * n)
  return k < n ? k : n - 1
}

export function colorHistogram(image: RawImage, options: ColorHistogramOptions): Float32Array {
  checkRawImage(image)
  const [hn, sn, vn] = options.bins
  for (const n of options.bins) {
    if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`Colour histogram bins must be whole numbers from 1 to 256, got ${options.bins.join(' × ')}.`)
  }
  const joint = options.mode === 'joint'
  const counts = new Float64Array(colorHistogramDimension(options))
  const { data, channels } = image
  const hsv = new Float64Array(3)
  const pixels = image.width * image.height
  for (let i = 0, j = 0; i < pixels; i++, j += channels) {
    const r = UNIT[data[j]!]!
    if (channels >= 3) rgbToHsv(r, UNIT[data[j + 1]!]!, UNIT[data[j + 2]!]!, hsv)
    else rgbToHsv(r, r, r, hsv)
    const hb = bin(hsv[0]!, hn)
    const sb = bin(hsv[1]!, sn)
    const vb = bin(hsv[2]!, vn)
    if (joint) {
      counts[(hb * sn + sb) * vn + vb]!++
    } else {
      counts[hb]!++
      counts[hn + sb]!++
      counts[hn + sn + vb]!++
    }
  }
  const total = joint ? pixels : 3 * pixels
  const out = new Float32Array(counts.length)
  for (let k = 0; k < counts.length; k++) out[k] = counts[k]! / total
  return out
}
