/**
 * Block signatures for the Earth Mover's Distance: the image cut into a `grid × grid` array of
 * equal blocks, each with its mean intensity as its weight and its centre as its position.
 *
 * Blocks are exact fractions of the image (a 45-pixel-wide image in 7 blocks gives blocks 6 3/7
 * pixels wide) and a pixel shared by two blocks counts in each for the part it covers: the area
 * mean of `skimage.transform.resize_local_mean(image, (grid, grid))`, which the fixtures check
 * against. No resize first, so a large photo's blocks average all of its pixels.
 */
import type { GrayImage } from './resize'

export interface BlockSignature {
  grid: number
  /** Mean intensity (0..1) of each block, row by row: block (row r, column c) at `r · grid + c`. */
  weights: Float64Array
  /**
   * Block centres as (x, y) pairs in the same order, as fractions of the image width and height:
   * block (r, c) is at `((c + 0.5) / grid, (r + 0.5) / grid)`. Signatures of images of different
   * sizes share one coordinate frame, and the ground distance between blocks is at most √2.
   */
  centres: Float64Array
  /** Sum of the weights: the signature's total mass. */
  mass: number
}

/** Centres of a `grid × grid` signature (see `BlockSignature.centres`). */
export function blockCentres(grid: number): Float64Array {
  const centres = new Float64Array(2 * grid * grid)
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      centres[2 * (r * grid + c)] = (c + 0.5) / grid
      centres[2 * (r * grid + c) + 1] = (r + 0.5) / grid
    }
  }
  return centres
}

/** For each block along one axis: the pixels it overlaps and by how much (in pixels). */
interface AxisOverlap {
  /** Entries of block b are `first[b] .. first[b + 1] - 1`. */
  first: Int32Array
  pixel: Int32Array
  amount: Float64Array
}

function axisOverlap(size: number, grid: number): AxisOverlap {
  const first = new Int32Array(grid + 1)
  const pixel: number[] = []
  const amount: number[] = []
  const step = size / grid
  for (let b = 0; b < grid; b++) {
    first[b] = pixel.length
    const start = b * step
    const end = b === grid - 1 ? size : (b + 1) * step
    for (let i = Math.floor(start); i < end; i++) {
      const a = Math.min(end, i + 1) - Math.max(start, i)
      if (a > 0) {
        pixel.push(i)
        amount.push(a)
      }
    }
  }
  first[grid] = pixel.length
  return { first, pixel: Int32Array.from(pixel), amount: Float64Array.from(amount) }
}

/** Block means of a gray image; `invert` uses 1 − intensity, for dark marks on a light ground. */
export function blockSignature(image: GrayImage, grid: number, invert = false): BlockSignature {
  const { width, height, data } = image
  if (!Number.isInteger(grid) || grid < 1) throw new Error(`A block signature needs a whole grid of at least 1 block, got ${grid}.`)
  if (data.length !== width * height) throw new Error(`Image has ${data.length} values; ${width} × ${height} needs ${width * height}.`)
  const xs = axisOverlap(width, grid)
  const ys = axisOverlap(height, grid)
  // Each row reduced to its per-block-column sums first, then the rows of each block row combined.
  const rowSums = new Float64Array(height * grid)
  for (let y = 0; y < height; y++) {
    for (let c = 0; c < grid; c++) {
      let s = 0
      for (let k = xs.first[c]!; k < xs.first[c + 1]!; k++) {
        const v = data[y * width + xs.pixel[k]!]!
        s += xs.amount[k]! * (invert ? 1 - v : v)
      }
      rowSums[y * grid + c] = s
    }
  }
  const area = (width / grid) * (height / grid)
  const weights = new Float64Array(grid * grid)
  let mass = 0
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      let s = 0
      for (let k = ys.first[r]!; k < ys.first[r + 1]!; k++) s += ys.amount[k]! * rowSums[ys.pixel[k]! * grid + c]!
      weights[r * grid + c] = s / area
      mass += s / area
    }
  }
  return { grid, weights, centres: blockCentres(grid), mass }
}
