import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { FEATURE_IDS, FEATURE_METHODS, FeatureParamsError, blockCentres, featureMethod, type RawImage } from './index'
import { hog } from './hog'
import { resizeBilinear, toGray } from './resize'

function digit(): RawImage {
  const data = new Uint8Array(28 * 28)
  for (let y = 6; y < 22; y++) for (let x = 12; x < 16; x++) data[y * 28 + x] = 200 + x
  for (let x = 8; x < 20; x++) data[6 * 28 + x] = 255
  return { width: 28, height: 28, channels: 1, data }
}

describe('feature registry', () => {
  it('lists the five methods, each giving vectors of its declared dimension', () => {
    expect(FEATURE_IDS).toEqual(['hog', 'pixels', 'color-histogram', 'block-signature', 'phash'])
    const image = digit()
    const dims: Record<string, number> = {}
    for (const id of FEATURE_IDS) {
      const method = featureMethod(id)
      const params = method.params()
      const vector = method.extract(image, params)
      dims[id] = method.dimension(params)
      expect(vector.length, id).toBe(dims[id])
      expect(vector.every(Number.isFinite), id).toBe(true)
    }
    expect(dims).toEqual({ hog: 576, pixels: 784, 'color-histogram': 128, 'block-signature': 49, phash: 64 })
  })

  it('runs HOG at the reference settings as gray → bilinear 128 × 128 → HOG', () => {
    const image = digit()
    const gray = resizeBilinear({ width: 28, height: 28, data: toGray(image.data, 28, 28, 1) }, 128, 128)
    const run = FEATURE_METHODS.hog.extractor(FEATURE_METHODS.hog.params())
    const first = run(image)
    expect(first).toEqual(hog(gray))
    // The extractor's buffers are reused: a second, different image must not change the first vector.
    const other = run({ ...image, data: image.data.map((v, i) => (i % 28 < 14 ? v : 0)) })
    expect(other).not.toEqual(first)
    expect(run(image)).toEqual(first)
  })

  it('extracts from what sharp decodes: an RGBA PNG of another size', async () => {
    const width = 40
    const height = 30
    const rgba = Buffer.alloc(width * height * 4)
    for (let i = 0; i < width * height; i++) rgba.set([(i * 3) % 256, 128, (i >> 2) % 256, 255], i * 4)
    const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer()
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
    const image = { width: info.width, height: info.height, channels: info.channels, data }
    for (const id of FEATURE_IDS) {
      const method = featureMethod(id)
      expect(method.extract(image, method.params()).length).toBe(method.dimension(method.params()))
    }
    const hist = FEATURE_METHODS['color-histogram'].extract(image, FEATURE_METHODS['color-histogram'].params())
    expect(hist.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
  })

  it('gives block signatures whose centres come from the grid alone', () => {
    const method = FEATURE_METHODS['block-signature']
    const params = method.params({ grid: 14 })
    expect(method.extract(digit(), params).length).toBe(196)
    expect(blockCentres(params.grid).length).toBe(2 * 196)
  })
})

describe('feature parameters', () => {
  it('fills in defaults and keeps what is given', () => {
    expect(FEATURE_METHODS.hog.params({ cell: 8, norm: 'L1' })).toEqual({ size: 128, cell: 8, block: 1, bins: 9, norm: 'L1', transformSqrt: false, colour: false })
    expect(FEATURE_METHODS.hog.dimension(FEATURE_METHODS.hog.params({ cell: 8, block: 2 }))).toBe(15 * 15 * 4 * 9)
  })

  it('refuses bad values with a message naming the parameter and what it accepts', () => {
    const hogMethod = FEATURE_METHODS.hog
    expect(() => hogMethod.params({ bins: 0 })).toThrow(FeatureParamsError)
    expect(() => hogMethod.params({ bins: 0 })).toThrow(/'bins' must be a whole number from 1 to 180, got 0/)
    expect(() => hogMethod.params({ cell: 200 })).toThrow(/cell of 200×200 pixels is larger than the 128×128 image/)
    expect(() => hogMethod.params({ cell: 64, block: 3 })).toThrow(/block of 3×3 cells does not fit/)
    expect(() => hogMethod.params({ norm: 'L3' })).toThrow(/'L1', 'L1-sqrt', 'L2', 'L2-Hys'/)
    expect(() => hogMethod.params({ cells: 8 })).toThrow(/no parameter 'cells'/)
    expect(() => hogMethod.params('fast')).toThrow(/must be an object/)
    expect(() => FEATURE_METHODS.pixels.params({ color: 'cmyk' })).toThrow(/'gray', 'rgb'/)
    expect(() => FEATURE_METHODS['color-histogram'].params({ hueBins: 64, saturationBins: 64, valueBins: 64 })).toThrow(/too large/)
    expect(() => FEATURE_METHODS['block-signature'].params({ grid: 2.5 })).toThrow(/'grid' must be a whole number/)
  })

  it('refuses unknown methods and checks parameters handed straight to extract', () => {
    expect(() => featureMethod('sift')).toThrow(/Unknown feature method 'sift'/)
    expect(() => FEATURE_METHODS.hog.extract(digit(), { ...FEATURE_METHODS.hog.defaults, bins: -1 })).toThrow(FeatureParamsError)
    expect(() => FEATURE_METHODS.hog.extract({ width: 28, height: 28, channels: 1, data: new Uint8Array(10) }, FEATURE_METHODS.hog.params())).toThrow(/needs 784/)
  })
})
