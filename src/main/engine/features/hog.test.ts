import { describe, expect, it } from 'vitest'
import { HOG_REFERENCE, HogExtractor, hog, hogLayout, type HogOptions } from './hog'
import { binOf, exactBin, orientationTables } from './hog-orientation'
import { decodeImage, loadFixture, maxAbsDiff, type EncodedImage } from './__fixtures__/load'

interface HogFixture {
  images: Record<string, EncodedImage>
  cases: { image: string; params: HogOptions; expected: number[] }[]
}

const fixture = loadFixture<HogFixture>('hog.json')

function imageOf(name: string): { width: number; height: number; data: Float32Array | Uint8Array } {
  const encoded = fixture.images[name]!
  return { width: encoded.width, height: encoded.height, data: decodeImage(encoded) }
}

describe('hog against scikit-image', () => {
  it.each(fixture.cases.map((c, i) => [i, c] as const))('case %i matches to 1e-5', (_i, c) => {
    const actual = hog(imageOf(c.image), c.params)
    expect(actual.length).toBe(c.expected.length)
    expect(maxAbsDiff(actual, c.expected)).toBeLessThan(1e-5)
  })

  it('covers the reference settings, rectangular cells and blocks, every norm and transform_sqrt', () => {
    const norms = new Set(fixture.cases.map((c) => c.params.blockNorm))
    expect([...norms].sort()).toEqual(['L1', 'L1-sqrt', 'L2', 'L2-Hys'])
    expect(fixture.cases.some((c) => c.params.transformSqrt)).toBe(true)
    expect(fixture.cases.some((c) => c.params.pixelsPerCell[0] !== c.params.pixelsPerCell[1])).toBe(true)
    expect(fixture.cases.some((c) => c.image === 'digit-seven-128' && c.params.orientations === 9 &&
      c.params.pixelsPerCell[0] === 16 && c.params.cellsPerBlock[0] === 1 && c.params.blockNorm === 'L2-Hys')).toBe(true)
  })

  it('drops pixels whose orientation rounds to 180 degrees, as scikit-image does', () => {
    // In 'near-180-16' some gradients point a hair below 0 degrees; with the modulo they become 180
    // and fall outside the 9 bins. Counting them in bin 0 would change the L1-normalised cells.
    const c = fixture.cases.find((k) => k.image === 'near-180-16' && k.params.orientations === 9)!
    const t = orientationTables(9)
    expect(exactBin(-1e-30, 0.5, t)).toBe(-1)
    expect(binOf(-1e-30, 0.5, 0.5, t)).toBe(-1)
    expect(maxAbsDiff(hog(imageOf(c.image), c.params), c.expected)).toBeLessThan(1e-5)
  })

  it('reuses its buffers: a second image gives its own answer, and the first again the same', () => {
    const a = imageOf('noise-64')
    const b = imageOf('checker-64')
    const extractor = new HogExtractor(64, 64, { ...HOG_REFERENCE, pixelsPerCell: [8, 8] })
    const first = extractor.compute(a.data)
    const other = extractor.compute(b.data)
    const again = extractor.compute(a.data, new Float32Array(extractor.dimension))
    expect(again).toEqual(first)
    expect(maxAbsDiff(other, first)).toBeGreaterThan(0.01)
  })
})

describe('orientation binning', () => {
  it('agrees with the atan2 reference on random, axis-aligned, diagonal and boundary gradients', () => {
    let seed = 12345
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1
    for (const bins of [1, 2, 3, 4, 7, 8, 9, 12, 18, 36]) {
      const t = orientationTables(bins)
      const vectors: [number, number][] = [[0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1], [3, 0], [0, 3]]
      for (let k = 0; k < bins; k++) {
        const a = (Math.PI * k) / bins
        vectors.push([Math.sin(a), Math.cos(a)], [-Math.sin(a), -Math.cos(a)], [Math.fround(Math.sin(a)), Math.fround(Math.cos(a))])
      }
      for (let k = 0; k < 4000; k++) vectors.push([Math.fround(rand()), Math.fround(rand())])
      for (const [r, c] of vectors) expect(binOf(r, c, Math.hypot(r, c), t), `${bins} bins, (${r}, ${c})`).toBe(exactBin(r, c, t))
    }
  })

  it('puts a vertical edge in the bin of 0 degrees and a horizontal edge in the bin of 90 degrees', () => {
    const size = 16
    const vertical = new Float32Array(size * size)
    const horizontal = new Float32Array(size * size)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        vertical[y * size + x] = x < 8 ? 0 : 1
        horizontal[y * size + x] = y < 8 ? 0 : 1
      }
    }
    const options = { ...HOG_REFERENCE, pixelsPerCell: [16, 16] as const, blockNorm: 'L1' as const }
    const v = hog({ width: size, height: size, data: vertical }, options)
    const h = hog({ width: size, height: size, data: horizontal }, options)
    // 32 pixels of magnitude 1 in one bin of a 256-pixel cell: 0.125, then L1 over that one value.
    const expected = Math.fround(0.125 / (0.125 + 1e-5))
    expect(v[0]).toBe(expected)
    expect(Array.from(v.subarray(1))).toEqual(new Array(8).fill(0))
    expect(h[4]).toBe(expected)
    expect(Array.from(h).filter((_, i) => i !== 4)).toEqual(new Array(8).fill(0))
  })
})

describe('hog properties', () => {
  it('is zero on a constant image', () => {
    const data = new Float32Array(128 * 128).fill(0.6)
    expect(hog({ width: 128, height: 128, data }).every((v) => v === 0)).toBe(true)
  })

  it('gives L2-Hys blocks an L2 norm of at most 1 and no value above the clip after renormalising', () => {
    const image = imageOf('noise-64')
    const out = hog(image, { pixelsPerCell: [8, 8], cellsPerBlock: [2, 2] })
    const blockLength = 4 * 9
    for (let b = 0; b < out.length; b += blockLength) {
      let norm = 0
      for (let i = b; i < b + blockLength; i++) norm += out[i]! * out[i]!
      expect(Math.sqrt(norm)).toBeLessThanOrEqual(1 + 1e-6)
      expect(Math.sqrt(norm)).toBeGreaterThan(0.99)
    }
  })

  it('has the reference dimension 8 × 8 cells × 9 bins = 576 at 128 × 128', () => {
    expect(hogLayout(128, 128, HOG_REFERENCE).dimension).toBe(576)
    expect(hogLayout(64, 48, { ...HOG_REFERENCE, pixelsPerCell: [8, 8], cellsPerBlock: [2, 2] }).dimension).toBe(5 * 7 * 4 * 9)
  })

  it('refuses cells larger than the image, blocks larger than the grid and bad bin counts', () => {
    expect(() => hogLayout(12, 12, HOG_REFERENCE)).toThrow(/larger than the 12×12 image/)
    expect(() => hogLayout(32, 32, { ...HOG_REFERENCE, cellsPerBlock: [3, 3] })).toThrow(/does not fit/)
    expect(() => hogLayout(32, 32, { ...HOG_REFERENCE, orientations: 0 })).toThrow(/orientation bins/)
    expect(() => hogLayout(32, 32, { ...HOG_REFERENCE, pixelsPerCell: [2.5, 2] })).toThrow(/whole numbers/)
    expect(() => new HogExtractor(32, 32, HOG_REFERENCE).compute(new Float32Array(10))).toThrow(/needs 1024/)
  })
})
