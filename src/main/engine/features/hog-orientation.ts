/**
 * Orientation binning for HOG that assigns every pixel to the same bin as scikit-image
 * (`_hoghistogram.pyx`, 0.19) without an `atan2` per pixel.
 *
 * scikit-image takes `orientation = rad2deg(arctan2(g_row, g_col)) % 180` (numpy's floored modulo)
 * and puts a pixel in bin `i` when `(180 / n) · i ≤ orientation < (180 / n) · (i + 1)`. A pixel whose
 * orientation comes out as exactly 180 — a tiny negative angle that the modulo rounds up — falls in
 * no bin at all (with 9 bins), and we keep that quirk.
 *
 * The fast path folds the gradient into the upper half-plane and compares `cos θ = g_col / |g|`
 * against the cosines of the bin boundaries through a lookup table. Only when a pixel's cosine lies
 * within 1e-9 of a boundary's, or its angle within 1e-9 rad of 180°, does it take the exact path,
 * which repeats scikit-image's arithmetic step by step. Since `|Δcos θ| ≤ |Δθ|`, any other pixel is
 * more than 1e-9 rad from every boundary, far beyond the rounding of either computation.
 */

const RAD_TO_DEG = 180 / Math.PI
const LUT_BUCKETS = 2048

export interface OrientationTables {
  bins: number
  /** Lower bin edges in degrees, as scikit-image computes them: `(180 / n) · i`. */
  ends: Float64Array
  /** Upper bin edges in degrees: `(180 / n) · (i + 1)`. */
  starts: Float64Array
  /**
   * `cosBounds[i]` for `i` in 1..n−1 is the cosine of the lower edge of bin `i`; `cosBounds[0]` and
   * `cosBounds[n]` are sentinels that no cosine comes near.
   */
  cosBounds: Float64Array
  /** For a cosine in bucket `((c + 1) · lutHalf) | 0`, a bin no higher than the right one. */
  lut: Int32Array
  lutHalf: number
}

export function orientationTables(bins: number): OrientationTables {
  const per180 = 180 / bins
  const ends = new Float64Array(bins)
  const starts = new Float64Array(bins)
  const cosBounds = new Float64Array(bins + 1)
  for (let i = 0; i < bins; i++) {
    ends[i] = per180 * i
    starts[i] = per180 * (i + 1)
    cosBounds[i] = Math.cos((ends[i]! * Math.PI) / 180)
  }
  cosBounds[0] = 3
  cosBounds[bins] = -3
  const lut = new Int32Array(LUT_BUCKETS + 1)
  const lutHalf = LUT_BUCKETS / 2
  for (let k = 0; k <= LUT_BUCKETS; k++) {
    // Every cosine that lands in bucket k is below its upper end (up to rounding, hence the slack),
    // so each boundary whose cosine is above that end has certainly been passed.
    const upper = -1 + (k + 1) / lutHalf + 1e-9
    let bin = 0
    while (bin + 1 < bins && cosBounds[bin + 1]! > upper) bin++
    lut[k] = bin
  }
  return { bins, ends, starts, cosBounds, lut, lutHalf }
}

/** scikit-image's bin for the gradient (`gRow`, `gCol`), or −1 when it falls in none. */
export function exactBin(gRow: number, gCol: number, t: OrientationTables): number {
  let o = (Math.atan2(gRow, gCol) * RAD_TO_DEG) % 180
  // numpy's remainder takes the sign of the divisor: negative results move up by 180, zero is +0.
  if (o !== 0) {
    if (o < 0) o += 180
  } else {
    o = 0
  }
  for (let i = 0; i < t.bins; i++) {
    if (o < t.starts[i]! && o >= t.ends[i]!) return i
  }
  return -1
}

/**
 * The same answer as `exactBin`, by the fast path where it is safe. `mag` is `hypot(gRow, gCol)`,
 * which the caller has anyway. The constants are literals on purpose: V8 reloads and checks a
 * module-level constant on every use, which made the HOG loop twice as slow.
 */
export function binOf(gRow: number, gCol: number, mag: number, t: OrientationTables): number {
  let fr = gRow
  let fc = gCol
  if (fr < 0) {
    fr = -fr
    fc = -fc
  }
  if (fr === 0) return 0
  // Within 1e-9 rad of 180°, where the modulo may round up to 180.
  if (fc < 0 && fr < -fc * 1e-9) return exactBin(gRow, gCol, t)
  const c = fc / mag
  const cb = t.cosBounds
  let bin = t.lut[((c + 1) * t.lutHalf) | 0]!
  while (c <= cb[bin + 1]!) bin++
  // Within 1e-9 of a boundary in cosine.
  if (c - cb[bin + 1]! < 1e-9 || cb[bin]! - c < 1e-9) return exactBin(gRow, gCol, t)
  return bin
}
