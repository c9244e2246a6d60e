/** HOG block normalisation, as scikit-image's `_hog_normalize_block` (eps = 1e-5). */

export const BLOCK_NORMS = ['L1', 'L1-sqrt', 'L2', 'L2-Hys'] as const
export type BlockNorm = (typeof BLOCK_NORMS)[number]

const EPS = 1e-5
/** L2-Hys clips at this value between its two L2 normalisations (Lowe's SIFT threshold). */
const HYS_CLIP = 0.2

function sumAbs(block: Float64Array): number {
  let s = 0
  for (let i = 0; i < block.length; i++) s += Math.abs(block[i]!)
  return s
}

function sumSquares(block: Float64Array): number {
  let s = 0
  for (let i = 0; i < block.length; i++) s += block[i]! * block[i]!
  return s
}

function scale(block: Float64Array, by: number): void {
  for (let i = 0; i < block.length; i++) block[i] = block[i]! / by
}

/** Normalises `block` in place. */
export function normalizeBlock(block: Float64Array, norm: BlockNorm): void {
  switch (norm) {
    case 'L1':
      scale(block, sumAbs(block) + EPS)
      return
    case 'L1-sqrt': {
      const d = sumAbs(block) + EPS
      for (let i = 0; i < block.length; i++) block[i] = Math.sqrt(block[i]! / d)
      return
    }
    case 'L2':
      scale(block, Math.sqrt(sumSquares(block) + EPS * EPS))
      return
    case 'L2-Hys':
      scale(block, Math.sqrt(sumSquares(block) + EPS * EPS))
      for (let i = 0; i < block.length; i++) if (block[i]! > HYS_CLIP) block[i] = HYS_CLIP
      scale(block, Math.sqrt(sumSquares(block) + EPS * EPS))
      return
    default:
      throw new Error(`Unknown HOG block normalisation ${String(norm)}: use one of ${BLOCK_NORMS.join(', ')}.`)
  }
}
