/**
 * Histogram of Oriented Gradients, value for value as scikit-image 0.19's
 * `skimage.feature.hog(image, orientations, pixels_per_cell, cells_per_block, block_norm,
 * transform_sqrt, feature_vector=True)` on a grayscale image:
 *
 * - gradients by central differences, zero on the image border;
 * - each pixel's magnitude goes whole to one orientation bin (no interpolation between bins or
 *   cells), summed in single precision in raster order as its Cython loop does, then divided by
 *   the cell area;
 * - pixels right of or below the last whole cell are ignored;
 * - blocks of cells slide one cell at a time; each is normalised with eps = 1e-5, and L2-Hys clips
 *   at 0.2 before normalising again;
 * - the output is laid out as (block row, block column, cell row in block, cell column, bin), in
 *   float32 where scikit-image returns float64 (a difference below 1e-7 on values of at most 1).
 *
 * The image is not resized here: see `resize.ts`.
 */
import { binOf, orientationTables, type OrientationTables } from './hog-orientation'
import { normalizeBlock, type BlockNorm } from './hog-norm'

export type { BlockNorm } from './hog-norm'
export { BLOCK_NORMS } from './hog-norm'

export interface HogOptions {
  /** Number of unsigned orientation bins over 0..180°. */
  orientations: number
  /** Cell size in pixels as [rows, columns]. */
  pixelsPerCell: readonly [number, number]
  /** Block size in cells as [rows, columns]. */
  cellsPerBlock: readonly [number, number]
  blockNorm: BlockNorm
  /** Take the square root of every pixel first (power-law compression); pixels must be ≥ 0. */
  transformSqrt: boolean
}

/** The reference settings (applied to images resized to 128 × 128). */
export const HOG_REFERENCE: HogOptions = {
  orientations: 9,
  pixelsPerCell: [16, 16],
  cellsPerBlock: [1, 1],
  blockNorm: 'L2-Hys',
  transformSqrt: false
}

export interface HogLayout {
  cellRows: number
  cellCols: number
  blockRows: number
  blockCols: number
  dimension: number
}

/** Cell and block counts for an image size; throws with what to change when they do not fit. */
export function hogLayout(width: number, height: number, options: HogOptions): HogLayout {
  const [cr, cc] = options.pixelsPerCell
  const [br, bc] = options.cellsPerBlock
  const n = options.orientations
  if (!Number.isInteger(n) || n < 1 || n > 360) throw new Error(`HOG needs a whole number of orientation bins from 1 to 360, got ${n}.`)
  for (const v of [cr, cc, br, bc]) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`HOG cell and block sizes must be whole numbers of at least 1, got ${cr}×${cc} pixels per cell and ${br}×${bc} cells per block.`)
  }
  if (cr > height || cc > width) {
    throw new Error(`A HOG cell of ${cr}×${cc} pixels is larger than the ${width}×${height} image: use smaller cells or a larger image size.`)
  }
  const cellRows = Math.floor(height / cr)
  const cellCols = Math.floor(width / cc)
  if (br > cellRows || bc > cellCols) {
    throw new Error(`A HOG block of ${br}×${bc} cells does not fit in the ${cellRows}×${cellCols} cells of the image: use smaller blocks or cells.`)
  }
  const blockRows = cellRows - br + 1
  const blockCols = cellCols - bc + 1
  return { cellRows, cellCols, blockRows, blockCols, dimension: blockRows * blockCols * br * bc * n }
}

/**
 * HOG for one image size and one set of options. Tables and work buffers are made once, so
 * `compute` allocates nothing but its result (nothing at all when given `out`).
 */
export class HogExtractor {
  readonly layout: HogLayout
  private readonly tables: OrientationTables
  private readonly pixels: Float64Array
  private readonly sums: Float32Array
  private readonly cells: Float64Array
  private readonly block: Float64Array
  private readonly cellOfColumn: Int32Array

  constructor(readonly width: number, readonly height: number, readonly options: HogOptions) {
    this.layout = hogLayout(width, height, options)
    const { cellRows, cellCols } = this.layout
    const n = options.orientations
    this.tables = orientationTables(n)
    this.pixels = new Float64Array(width * height)
    this.sums = new Float32Array(cellRows * cellCols * n)
    this.cells = new Float64Array(cellRows * cellCols * n)
    this.block = new Float64Array(options.cellsPerBlock[0] * options.cellsPerBlock[1] * n)
    this.cellOfColumn = new Int32Array(width)
    for (let x = 0; x < width; x++) this.cellOfColumn[x] = Math.floor(x / options.pixelsPerCell[1])
  }

  get dimension(): number {
    return this.layout.dimension
  }

  /** `image` holds `width × height` pixels, row-major; values are used as they are (0..1 or 0..255). */
  compute(image: Float32Array | Float64Array | Uint8Array, out: Float32Array = new Float32Array(this.dimension)): Float32Array {
    const { width, height, pixels } = this
    if (image.length !== width * height) throw new Error(`HOG input has ${image.length} pixels; ${width} × ${height} needs ${width * height}.`)
    if (out.length !== this.dimension) throw new Error(`HOG output buffer has ${out.length} values; this layout needs ${this.dimension}.`)
    // Copying into doubles keeps the hot loop monomorphic and computes in double, as scikit-image does.
    if (this.options.transformSqrt) for (let i = 0; i < pixels.length; i++) pixels[i] = Math.sqrt(image[i]!)
    else pixels.set(image)
    this.histogram()
    this.normalize(out)
    return out
  }

  private histogram(): void {
    const { width: w, height: h, pixels: img, sums, cellOfColumn, tables } = this
    const cellH = this.options.pixelsPerCell[0]
    const { cellRows, cellCols } = this.layout
    const n = this.options.orientations
    const coverRows = cellRows * this.options.pixelsPerCell[0]
    const coverCols = cellCols * this.options.pixelsPerCell[1]
    // Columns 1..inner-1 have both horizontal neighbours; the border ones have a zero gradient.
    const inner = Math.max(1, Math.min(coverCols, w - 1))
    sums.fill(0)
    for (let y = 0; y < coverRows; y++) {
      const row = y * w
      const cellBase = Math.floor(y / cellH) * cellCols
      if (y === 0 || y === h - 1) {
        for (let x = 0; x < coverCols; x++) {
          const gCol = x > 0 && x < w - 1 ? img[row + x + 1]! - img[row + x - 1]! : 0
          vote(sums, (cellBase + cellOfColumn[x]!) * n, 0, gCol, tables)
        }
        continue
      }
      vote(sums, cellBase * n, img[row + w]! - img[row - w]!, 0, tables)
      for (let x = 1; x < inner; x++) {
        const i = row + x
        vote(sums, (cellBase + cellOfColumn[x]!) * n, img[i + w]! - img[i - w]!, img[i + 1]! - img[i - 1]!, tables)
      }
      if (inner < coverCols) vote(sums, (cellBase + cellOfColumn[inner]!) * n, img[row + inner + w]! - img[row + inner - w]!, 0, tables)
    }
    const area = cellH * this.options.pixelsPerCell[1]
    for (let k = 0; k < sums.length; k++) this.cells[k] = Math.fround(sums[k]! / area)
  }

  private normalize(out: Float32Array): void {
    const { cells, block } = this
    const { cellCols, blockRows, blockCols } = this.layout
    const [br, bc] = this.options.cellsPerBlock
    const n = this.options.orientations
    const run = bc * n
    let o = 0
    for (let r = 0; r < blockRows; r++) {
      for (let c = 0; c < blockCols; c++) {
        for (let i = 0, k = 0; i < br; i++) {
          const from = ((r + i) * cellCols + c) * n
          for (let j = 0; j < run; j++) block[k++] = cells[from + j]!
        }
        normalizeBlock(block, this.options.blockNorm)
        for (let k = 0; k < block.length; k++) out[o++] = block[k]!
      }
    }
  }
}

/** HOG of one grayscale image; for many images of one size, keep a `HogExtractor`. */
export function hog(
  image: { width: number; height: number; data: Float32Array | Float64Array | Uint8Array },
  options: Partial<HogOptions> = {}
): Float32Array {
  return new HogExtractor(image.width, image.height, { ...HOG_REFERENCE, ...options }).compute(image.data)
}

/** Adds one pixel's gradient magnitude to its orientation bin in the cell whose bins start at `cell`. */
function vote(sums: Float32Array, cell: number, gRow: number, gCol: number, tables: OrientationTables): void {
  const mag2 = gRow * gRow + gCol * gCol
  if (mag2 === 0) return
  const mag = Math.sqrt(mag2)
  const bin = binOf(gRow, gCol, mag, tables)
  // A Float32Array element rounds every partial sum to single precision, like the C float there.
  if (bin >= 0) sums[cell + bin]! += mag
}
