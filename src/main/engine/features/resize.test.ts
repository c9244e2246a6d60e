import { describe, expect, it } from 'vitest'
import { BilinearResizer, LUMA_601, resizeBilinear, toGray } from './resize'
import { decodeFloat, loadFixture, maxAbsDiff, type EncodedImage } from './__fixtures__/load'

interface ResizeFixture {
  images: Record<string, EncodedImage>
  cases: { image: string; width: number; height: number; expected: number[] }[]
}

const fixture = loadFixture<ResizeFixture>('resize.json')
const hogImages = loadFixture<{ images: Record<string, EncodedImage> }>('hog.json').images

function source(name: string): { width: number; height: number; data: Float32Array } {
  const e = fixture.images[name]!
  return { width: e.width, height: e.height, data: decodeFloat(e) }
}

describe('resizeBilinear against scikit-image resize(order=1, mode="edge")', () => {
  it.each(fixture.cases.map((c) => [`${c.image} to ${c.width}×${c.height}`, c] as const))('%s', (_name, c) => {
    const out = resizeBilinear(source(c.image), c.width, c.height)
    expect(out.data.length).toBe(c.width * c.height)
    expect(maxAbsDiff(out.data, c.expected)).toBeLessThan(1e-6)
  })

  it('scales a 28 × 28 digit to the 128 × 128 image that the HOG fixtures start from', () => {
    const out = resizeBilinear(source('digit-seven-28'), 128, 128)
    expect(maxAbsDiff(out.data, decodeFloat(hogImages['digit-seven-128']!))).toBeLessThan(1e-6)
  })
})

describe('BilinearResizer', () => {
  it('keeps an image of the same size unchanged', () => {
    const image = source('noise-45x37')
    expect(resizeBilinear(image, 45, 37).data).toEqual(image.data)
  })

  it('samples at half-pixel centres: 2 → 4 pixels gives a, a+¼(b−a), a+¾(b−a), b', () => {
    const out = new BilinearResizer(2, 1, 4, 1).resize(Float32Array.from([0, 1]))
    expect(Array.from(out)).toEqual([0, 0.25, 0.75, 1])
  })

  it('averages the two middle pixels when halving a row of 4', () => {
    const out = new BilinearResizer(4, 1, 2, 1).resize(Float32Array.from([0, 1, 3, 7]))
    expect(Array.from(out)).toEqual([0.5, 5])
  })

  it('fills flat rows and interpolates between a flat row and a textured one', () => {
    const src = Float32Array.from([0, 0, 0, 1, 3, 5])
    const out = new BilinearResizer(3, 2, 3, 4).resize(src)
    // Rows sample y = −0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    expect(Array.from(out)).toEqual([0, 0, 0, 0.25, 0.75, 1.25, 0.75, 2.25, 3.75, 1, 3, 5])
  })

  it('gives the same result into a reused buffer and refuses wrong sizes', () => {
    const image = source('ramp-64x48')
    const resizer = new BilinearResizer(64, 48, 20, 15)
    const out = new Float32Array(300)
    resizer.resize(new Float32Array(64 * 48).map((_, i) => (i * 7919) % 13), out)
    expect(resizer.resize(image.data, out)).toEqual(resizeBilinear(image, 20, 15).data)
    expect(() => resizer.resize(new Float32Array(10))).toThrow(/needs 3072/)
    expect(() => new BilinearResizer(0, 5, 5, 5)).toThrow(/at least 1 pixel/)
  })
})

describe('toGray', () => {
  it('uses the BT.601 weights on RGB and ignores alpha', () => {
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
    const rgba = Uint8Array.from([255, 0, 0, 9, 0, 255, 0, 99, 0, 0, 255, 0, 10, 20, 30, 255])
    const expected = [LUMA_601.r, LUMA_601.g, LUMA_601.b, (0.299 * 10 + 0.587 * 20 + 0.114 * 30) / 255]
    const a = toGray(rgb, 2, 2, 3)
    const b = toGray(rgba, 2, 2, 4)
    for (let i = 0; i < 4; i++) {
      expect(a[i]).toBeCloseTo(expected[i]!, 6)
      expect(b[i]).toBe(a[i])
    }
  })

  it('scales gray bytes to 0..1 and takes the gray channel of gray + alpha', () => {
    expect(Array.from(toGray(Uint8Array.from([0, 255, 51]), 3, 1, 1))).toEqual([0, 1, Math.fround(0.2)])
    expect(Array.from(toGray(Uint8Array.from([0, 7, 255, 0]), 2, 1, 2))).toEqual([0, 1])
  })

  it('refuses a buffer of the wrong length or an unknown channel count', () => {
    expect(() => toGray(new Uint8Array(5), 2, 1, 3)).toThrow(/needs 6/)
    expect(() => toGray(new Uint8Array(10), 2, 1, 5)).toThrow(/5 channels/)
  })
})
