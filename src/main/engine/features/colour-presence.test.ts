import { describe, expect, it } from 'vitest'
import { colourPresence } from './colour-presence'
import { hogExtractor, hogDimension, type HogParams } from './methods'
import type { RawImage } from './raw-image'

/** A w × h RGB image whose pixel i is colour(i). */
function rgb(width: number, height: number, colour: (i: number) => [number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 3)
  for (let i = 0; i < width * height; i++) data.set(colour(i), i * 3)
  return { width, height, channels: 3, data }
}

describe('colour presence', () => {
  it('is 0 for a one-channel and for an RGB image whose channels are equal', () => {
    expect(colourPresence({ width: 4, height: 4, channels: 1, data: new Uint8Array(16).fill(90) })).toBe(0)
    expect(colourPresence({ width: 2, height: 2, channels: 2, data: new Uint8Array(8).fill(200) })).toBe(0)
    expect(colourPresence(rgb(10, 10, (i) => [i, i, i]))).toBe(0)
  })

  it('is 1 for a saturated colour and for a pale one whose chroma passes 0.10', () => {
    expect(colourPresence(rgb(10, 10, () => [200, 30, 30]))).toBe(1)
    // Chroma (255 − 229) / 255 = 0.102.
    expect(colourPresence(rgb(10, 10, () => [255, 240, 229]))).toBe(1)
  })

  it('ramps between chroma 0.03 and 0.10: chroma 0.0627 (16/255) gives 0.467', () => {
    // (16/255 − 0.03) / 0.07 = 0.4677…
    expect(colourPresence(rgb(10, 10, () => [116, 100, 108]))).toBeCloseTo((16 / 255 - 0.03) / 0.07, 6)
    // JPEG noise on a gray scan: chroma 7/255 = 0.027 stays gray.
    expect(colourPresence(rgb(10, 10, () => [107, 100, 103]))).toBe(0)
  })

  it('ignores up to 1 % of coloured pixels and counts 2 %', () => {
    // 100 × 100: 100 red pixels are 1 %, 200 are 2 %.
    expect(colourPresence(rgb(100, 100, (i) => (i < 100 ? [255, 0, 0] : [128, 128, 128])))).toBe(0)
    expect(colourPresence(rgb(100, 100, (i) => (i < 200 ? [255, 0, 0] : [128, 128, 128])))).toBe(1)
  })

  it('reads RGBA without taking alpha for a colour', () => {
    const data = new Uint8Array(16 * 4)
    for (let i = 0; i < 16; i++) data.set([50, 50, 50, i * 16], i * 4)
    expect(colourPresence({ width: 4, height: 4, channels: 4, data })).toBe(0)
  })
})

describe('HOG with the colour value', () => {
  const params: HogParams = { size: 14, cell: 2, block: 3, bins: 9, norm: 'L2-Hys', transformSqrt: false, colour: true }
  // The same disc drawn in gray and in red on white: equal gray levels, so equal gradients.
  const disc = (ink: [number, number, number]): RawImage => rgb(14, 14, (i) => ((i % 14) - 6.5) ** 2 + (Math.floor(i / 14) - 6.5) ** 2 < 20 ? ink : [255, 255, 255])

  it('appends one value weighted like the HOG vector (√blocks) and leaves the HOG values as they were', () => {
    const plain = hogExtractor({ ...params, colour: false })
    const withColour = hogExtractor(params)
    // 7 × 7 cells, 5 × 5 blocks of 3 × 3 cells, 9 bins.
    expect(hogDimension(params)).toBe(5 * 5 * 81 + 1)
    // Red (200, 30, 30) and gray 81 have nearly the same luma: pick a gray with the red's own.
    const red = disc([200, 30, 30])
    const a = withColour(red)
    expect(a.length).toBe(5 * 5 * 81 + 1)
    expect([...a.subarray(0, 5 * 5 * 81)]).toEqual([...plain(red)])
    expect(a[5 * 5 * 81]).toBeCloseTo(5, 6)
    expect(withColour(disc([80, 80, 80]))[5 * 5 * 81]).toBe(0)
  })
})
