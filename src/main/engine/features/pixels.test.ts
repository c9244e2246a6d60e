import { describe, expect, it } from 'vitest'
import { PixelExtractor, pixelDimension, pixelFeature } from './pixels'
import { resizeBilinear, toGray } from './resize'

function rgbImage(width: number, height: number): { width: number; height: number; channels: number; data: Uint8Array } {
  const data = new Uint8Array(width * height * 3)
  for (let i = 0; i < width * height; i++) {
    data[3 * i] = (i * 37) % 256
    data[3 * i + 1] = (i * 11) % 256
    data[3 * i + 2] = 255 - ((i * 5) % 256)
  }
  return { width, height, channels: 3, data }
}

describe('pixelFeature', () => {
  it('is constant on a constant image, at value / 255', () => {
    const image = { width: 30, height: 20, channels: 1, data: new Uint8Array(600).fill(51) }
    const out = pixelFeature(image, { size: 28, color: 'gray' })
    expect(out.length).toBe(784)
    expect(out.every((v) => v === Math.fround(0.2))).toBe(true)
  })

  it('returns 28 × 28 MNIST bytes unchanged but scaled when the size already matches', () => {
    const data = Uint8Array.from({ length: 784 }, (_, i) => (i * 7) % 256)
    const out = pixelFeature({ width: 28, height: 28, channels: 1, data }, { size: 28, color: 'gray' })
    expect(Array.from(out)).toEqual(Array.from(data, (v) => Math.fround(v / 255)))
  })

  it('gives gray as the resized BT.601 luma of a colour image', () => {
    const image = rgbImage(13, 9)
    const out = pixelFeature(image, { size: 6, color: 'gray' })
    const expected = resizeBilinear({ width: 13, height: 9, data: toGray(image.data, 13, 9, 3) }, 6, 6).data
    expect(out).toEqual(expected)
  })

  it('lays RGB out pixel by pixel, each channel resized on its own', () => {
    const image = rgbImage(13, 9)
    const out = pixelFeature(image, { size: 5, color: 'rgb' })
    expect(out.length).toBe(pixelDimension({ size: 5, color: 'rgb' }))
    for (let c = 0; c < 3; c++) {
      const plane = Float32Array.from({ length: 13 * 9 }, (_, i) => image.data[3 * i + c]! / 255)
      const resized = resizeBilinear({ width: 13, height: 9, data: plane }, 5, 5).data
      for (let i = 0; i < 25; i++) expect(out[3 * i + c]).toBe(resized[i])
    }
  })

  it('repeats the gray channel for RGB of a gray image and refuses another size', () => {
    const data = Uint8Array.from({ length: 16 }, (_, i) => i * 16)
    const extractor = new PixelExtractor(4, 4, { size: 4, color: 'rgb' })
    const out = extractor.compute({ width: 4, height: 4, channels: 1, data })
    for (let i = 0; i < 16; i++) expect([out[3 * i], out[3 * i + 1], out[3 * i + 2]]).toEqual(new Array(3).fill(Math.fround((i * 16) / 255)))
    expect(() => extractor.compute({ width: 2, height: 8, channels: 1, data })).toThrow(/for 4 × 4 images/)
  })
})
