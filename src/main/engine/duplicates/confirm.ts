/**
 * The second check of near-duplicate search: Pearson correlation between two rows of a matrix of
 * small colour copies (the `pixels` feature, 16 × 16 RGB, pooled to 8 × 8 by `poolHalf`).
 * Correlation ignores a change of brightness and contrast, while two different pictures of the
 * same layout differ in colour and in where their edges fall.
 */
export function pearson(data: Float32Array, cols: number, a: number, b: number): number {
  let sa = 0
  let sb = 0
  const oa = a * cols
  const ob = b * cols
  for (let k = 0; k < cols; k++) {
    sa += data[oa + k]!
    sb += data[ob + k]!
  }
  const ma = sa / cols
  const mb = sb / cols
  let ab = 0
  let aa = 0
  let bb = 0
  for (let k = 0; k < cols; k++) {
    const x = data[oa + k]! - ma
    const y = data[ob + k]! - mb
    ab += x * y
    aa += x * x
    bb += y * y
  }
  // Two flat images: equal when their levels are, unrelated otherwise.
  if (aa === 0 || bb === 0) return aa === bb && ma === mb ? 1 : 0
  return ab / Math.sqrt(aa * bb)
}

/**
 * Colour copies of `side` × `side` RGB pixels shrunk to half the side by averaging 2 × 2 blocks
 * (side even). At 8 pixels a side a crop of up to 10 % or a turn of a few degrees moves the
 * content by less than a pixel; measured on the duplicates benchmark, the correlation of these
 * separated near copies from different drawings of the same layout better than at 16 pixels.
 */
export function poolHalf(data: Float32Array, rows: number, side: number): Float32Array {
  const half = side / 2
  const out = new Float32Array(rows * half * half * 3)
  for (let r = 0; r < rows; r++) {
    const src = r * side * side * 3
    const dst = r * half * half * 3
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        for (let c = 0; c < 3; c++) {
          const at = (xx: number, yy: number): number => data[src + (yy * side + xx) * 3 + c]!
          out[dst + (y * half + x) * 3 + c] = (at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1)) / 4
        }
      }
    }
  }
  return out
}
