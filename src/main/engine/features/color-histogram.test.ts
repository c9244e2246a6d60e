import { describe, expect, it } from 'vitest'
import { colorHistogram, colorHistogramDimension, rgbToHsv, type ColorHistogramOptions } from './color-histogram'
import { decodeImage, loadFixture, maxAbsDiff, type EncodedImage } from './__fixtures__/load'

interface ColorFixture {
  image: EncodedImage
  hsv: number[]
  histograms: { bins: [number, number, number]; mode: ColorHistogramOptions['mode']; expected: number[] }[]
}

const fixture = loadFixture<ColorFixture>('color.json')
const image = { width: fixture.image.width, height: fixture.image.height, channels: 3, data: decodeImage(fixture.image) as Uint8Array }

describe('rgbToHsv against skimage.color.rgb2hsv', () => {
  it('matches on every pixel, ties and grays included', () => {
    const hsv = new Float64Array(3)
    const actual: number[] = []
    const unit = (v: number): number => v * (1 / 255)
    for (let i = 0; i < image.data.length; i += 3) {
      rgbToHsv(unit(image.data[i]!), unit(image.data[i + 1]!), unit(image.data[i + 2]!), hsv)
      actual.push(hsv[0]!, hsv[1]!, hsv[2]!)
    }
    expect(maxAbsDiff(actual, fixture.hsv)).toBeLessThan(1e-8)
  })

  it('gives hue 0, 1/3 and 2/3 to pure red, green and blue and nothing to grays', () => {
    const hsv = new Float64Array(3)
    expect(Array.from(rgbToHsv(1, 0, 0, hsv))).toEqual([0, 1, 1])
    expect(Array.from(rgbToHsv(0, 1, 0, hsv))).toEqual([1 / 3, 1, 1])
    expect(Array.from(rgbToHsv(0, 0, 1, hsv))).toEqual([2 / 3, 1, 1])
    expect(Array.from(rgbToHsv(0.5, 0.5, 0.5, hsv))).toEqual([0, 0, 0.5])
    expect(rgbToHsv(1, 0, 0.5, hsv)[0]).toBeCloseTo(11 / 12, 15)
  })
})

describe('colorHistogram', () => {
  it.each(fixture.histograms.map((h) => [`${h.bins.join('×')} ${h.mode}`, h] as const))('matches the reference %s', (_name, h) => {
    const out = colorHistogram(image, { bins: h.bins, mode: h.mode })
    expect(out.length).toBe(colorHistogramDimension({ bins: h.bins, mode: h.mode }))
    expect(maxAbsDiff(out, h.expected)).toBeLessThan(1e-7)
  })

  it('sums to 1, and each channel of a per-channel histogram to 1/3', () => {
    const joint = colorHistogram(image, { bins: [8, 4, 4], mode: 'joint' })
    expect(joint.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    const split = colorHistogram(image, { bins: [12, 3, 7], mode: 'per-channel' })
    expect(split.length).toBe(22)
    for (const [from, to] of [[0, 12], [12, 15], [15, 22]] as const) {
      expect(split.subarray(from, to).reduce((a, b) => a + b, 0)).toBeCloseTo(1 / 3, 6)
    }
  })

  it('puts a gray image in the zero-hue, zero-saturation bins by its brightness, alpha ignored', () => {
    const gray = { width: 2, height: 1, channels: 2, data: Uint8Array.from([0, 255, 255, 0]) }
    const out = colorHistogram(gray, { bins: [8, 4, 4], mode: 'joint' })
    // (h 0, s 0, v 0) is bin 0; (h 0, s 0, v 1) is the last value bin, 3.
    expect(out[0]).toBe(0.5)
    expect(out[3]).toBe(0.5)
    expect(out.reduce((a, b) => a + b, 0)).toBe(1)
  })

  it('refuses bins below 1', () => {
    expect(() => colorHistogram(image, { bins: [0, 4, 4], mode: 'joint' })).toThrow(/whole numbers from 1/)
  })
})
