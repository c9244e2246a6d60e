/** Images the end-to-end specs write into their folders. */
import sharp from 'sharp'
import { seededRandom } from '../../src/main/engine/random'

/**
 * A 32 × 32 grey PNG of vertical stripes `period` pixels wide under seeded noise: images of one
 * period look alike, and HOG tells periods apart, so each period makes a group a run can find.
 */
export async function stripesPng(period: number, seed: number, size = 32): Promise<Buffer> {
  const rnd = seededRandom(seed)
  const pixels = Buffer.alloc(size * size)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const stripe = Math.floor(x / period) % 2 === 0 ? 60 : -60
      pixels[y * size + x] = Math.max(0, Math.min(255, Math.round(120 + stripe + (rnd() - 0.5) * 60)))
    }
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 1 } }).png().toBuffer()
}
