import sharp from 'sharp'
import { join } from 'node:path'
import { writeBytes } from './fixtures'

/** A grey square with a bright bar, horizontal or vertical, at a place and over noise set by the seed. */
export async function barPng(horizontal: boolean, seed: number, side = 16): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side)
  let s = seed * 2654435761
  const next = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32)
  const at = 2 + (seed % (side - 4))
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) pixels[y * side + x] = ((horizontal ? y : x) === at ? 220 : 30) + Math.floor(next() * 30)
  return sharp(pixels, { raw: { width: side, height: side, channels: 1 } }).png().toBuffer()
}

/** Two labelled groups under `root`: horizontal/h-00.png … and vertical/v-00.png …, `perGroup` images each. */
export async function writeBarFolders(root: string, perGroup: number): Promise<void> {
  for (let i = 0; i < perGroup; i++) {
    writeBytes(join(root, 'horizontal', `h-${String(i).padStart(2, '0')}.png`), await barPng(true, i))
    writeBytes(join(root, 'vertical', `v-${String(i).padStart(2, '0')}.png`), await barPng(false, i + 100))
  }
}
