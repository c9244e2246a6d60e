/**
 * HOG parameters that follow the images. A 28-pixel digit and a 4,000-pixel photo must not get the
 * same resize and cell: the detail HOG sees is set by the cells per side, and the right working size
 * by the images' own. The rule, measured with the `cluster` benchmark on the product path (import,
 * then the default run), over MNIST (28 px), the UCI 8 × 8 digits and generated shapes of 40–360 px:
 *
 *   - 7 × 7 cells and 3 × 3-cell blocks, L2-Hys, 9 bins. On 10,000 MNIST digits, 56 px with 8-pixel
 *     cells gave ACC 0.979 with 3 × 3 blocks, 0.929 with 2 × 2, and 0.822 with the 128-pixel,
 *     16-pixel-cell, 1-cell-block settings made for photos; 42 px with 6-pixel cells (7 cells)
 *     gave 0.978. On the 8 × 8 digits, 14 px with 2-pixel cells gave 0.943 against 0.903 for
 *     the photo settings and 0.888 for the raw pixels.
 *   - One more value, whether the image has colour (colour-presence.ts). HOG sees only the gray
 *     image: on the generated drawings in two styles (colour, black line art) it found the 6
 *     shapes and merged the styles, ACC 0.500 of 12 groups; with the colour value, 0.998 at
 *     k = 12. It is 0 on gray images, so digits get the same clusters as without it.
 *   - The working side is twice the images' typical side (gradients on a few pixels are coarse; the
 *     upsampling gives each cell more than one gradient), at most 128: past it a clustering sees no
 *     more, and the work grows with the square of the side.
 *
 * The typical side is the median over a sample of the images of √(width × height).
 */
import type { HogParams } from './methods'

export interface ImageSize {
  width: number
  height: number
}

export const HOG_CELLS_PER_SIDE = 7
const LARGEST_WORKING_SIDE = 128
const SMALLEST_CELL = 2

/** The parameters a user gets when nothing is known of the images: the photo settings. */
export const HOG_FALLBACK: HogParams = { size: 128, cell: 16, block: 1, bins: 9, norm: 'L2-Hys', transformSqrt: false, colour: false }

export interface ChosenParams<P> {
  params: P
  /** Why, in a sentence a user reads beside the parameters. */
  reason: string
}

export function typicalSide(sizes: readonly ImageSize[]): number | null {
  const sides = sizes.filter((s) => s.width > 0 && s.height > 0).map((s) => Math.sqrt(s.width * s.height)).sort((a, b) => a - b)
  if (sides.length === 0) return null
  const mid = sides.length >> 1
  return sides.length % 2 === 1 ? sides[mid]! : (sides[mid - 1]! + sides[mid]!) / 2
}

/** HOG parameters for images of these sizes (a sample of a dataset's), with the reason. */
export function hogForImages(sizes: readonly ImageSize[]): ChosenParams<HogParams> {
  const side = typicalSide(sizes)
  if (side === null) {
    return { params: { ...HOG_FALLBACK }, reason: 'No image size could be read, so HOG uses its settings for photos: 128 px, 16-pixel cells.' }
  }
  const target = Math.min(2 * side, LARGEST_WORKING_SIDE)
  const cell = Math.max(SMALLEST_CELL, Math.round(target / HOG_CELLS_PER_SIDE))
  const size = cell * HOG_CELLS_PER_SIDE
  const shown = Math.round(side)
  const how = 2 * side <= LARGEST_WORKING_SIDE ? `twice the images' typical side of ${shown} px` : `the images' typical side of ${shown} px brought down to at most ${LARGEST_WORKING_SIDE} px`
  return {
    params: { size, cell, block: 3, bins: 9, norm: 'L2-Hys', transformSqrt: false, colour: true },
    reason:
      `Resized to ${size} px (${how}) in ${HOG_CELLS_PER_SIDE} × ${HOG_CELLS_PER_SIDE} cells of ${cell} px, ` +
      `normalised over blocks of 3 × 3 cells, plus one value for whether the image has colour (gray and colour versions of a shape fall apart): ` +
      `the settings that clustered best across digits of 8 and 28 px and drawings of 40 to 360 px in colour and in line art.`
  }
}
