import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { encodeGrayPng } from './png-encode'
import { seededRandom } from '../random'

describe('encodeGrayPng', () => {
  it('writes a PNG that an independent decoder reads back pixel for pixel', async () => {
    const random = seededRandom(5)
    for (const [w, h] of [[28, 28], [1, 1], [7, 3], [300, 2]] as const) {
      const pixels = Uint8Array.from({ length: w * h }, () => Math.floor(random() * 256))
      const png = encodeGrayPng(w, h, pixels)
      const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true })
      expect(info).toMatchObject({ width: w, height: h, channels: 1 })
      expect(Buffer.compare(data, Buffer.from(pixels))).toBe(0)
    }
  })

  it('refuses a buffer of the wrong size', () => {
    expect(() => encodeGrayPng(2, 2, new Uint8Array(3))).toThrow(/needs 4 bytes, got 3/)
  })
})
