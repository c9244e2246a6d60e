import { describe, expect, it } from 'vitest'
import { blockCentres, blockSignature } from './block-signature'
import { decodeFloat, loadFixture, maxAbsDiff, type EncodedImage } from './__fixtures__/load'

interface BlockFixture {
  images: Record<string, EncodedImage>
  cases: { image: string; grid: number; expected: number[] }[]
}

const fixture = loadFixture<BlockFixture>('block-signature.json')

function gray(name: string): { width: number; height: number; data: Float32Array } {
  const e = fixture.images[name]!
  // uint8 images are compared as value / 255, as the fixture script does.
  const data = decodeFloat(e).map((v) => (e.encoding === 'u8' ? v / 255 : v))
  return { width: e.width, height: e.height, data }
}

describe('blockSignature against skimage resize_local_mean', () => {
  it.each(fixture.cases.map((c) => [`${c.image} in ${c.grid}×${c.grid}`, c] as const))('%s', (_name, c) => {
    const sig = blockSignature(gray(c.image), c.grid)
    expect(sig.weights.length).toBe(c.grid * c.grid)
    expect(maxAbsDiff(sig.weights, c.expected)).toBeLessThan(1e-6)
  })
})

describe('blockSignature', () => {
  it('averages whole blocks when the grid divides the image', () => {
    // 4 × 2 image, 2 × 2 grid: blocks are 2 × 1 pixels.
    const data = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7])
    const sig = blockSignature({ width: 4, height: 2, data }, 2)
    expect(Array.from(sig.weights)).toEqual([0.5, 2.5, 4.5, 6.5])
    expect(sig.mass).toBe(14)
  })

  it('splits a pixel shared by two blocks by the part each covers', () => {
    // Rows of 3 pixels in 2 blocks of 1.5: the middle pixel is half in each.
    const sig = blockSignature({ width: 3, height: 2, data: Float32Array.from([0, 3, 6, 0, 3, 6]) }, 2)
    expect(Array.from(sig.weights)).toEqual([1, 5, 1, 5])
  })

  it('keeps the total mass of the image: mean block weight equals mean intensity', () => {
    const image = gray('noise-45x37')
    const mean = image.data.reduce((a, b) => a + b, 0) / image.data.length
    for (const grid of [4, 7, 14]) {
      const sig = blockSignature(image, grid)
      expect(sig.mass / (grid * grid)).toBeCloseTo(mean, 6)
    }
  })

  it('weighs darkness when inverted', () => {
    const sig = blockSignature({ width: 2, height: 2, data: Float32Array.from([1, 1, 0, 0.25]) }, 2, true)
    expect(Array.from(sig.weights)).toEqual([0, 0, 1, 0.75])
  })

  it('places centres in the middle of each block as fractions of the image, row by row', () => {
    expect(Array.from(blockCentres(2))).toEqual([0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75])
    const c = blockCentres(7)
    expect(c.length).toBe(98)
    expect([c[2 * 8], c[2 * 8 + 1]]).toEqual([1.5 / 7, 1.5 / 7])
  })

  it('refuses a grid below 1', () => {
    expect(() => blockSignature({ width: 2, height: 2, data: new Float32Array(4) }, 0)).toThrow(/at least 1 block/)
  })
})
