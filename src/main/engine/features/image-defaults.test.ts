import { describe, expect, it } from 'vitest'
import { FEATURE_METHODS } from '.'
import { HOG_FALLBACK, hogForImages, typicalSide } from './image-defaults'

const square = (side: number, count = 1): { width: number; height: number }[] => Array.from({ length: count }, () => ({ width: side, height: side }))

describe('HOG parameters from the image sizes', () => {
  it('gives 28-pixel digits 56 px in 7 cells of 8 px with 3 × 3-cell blocks: 2,025 values', () => {
    const { params, reason } = hogForImages(square(28, 10))
    expect(params).toEqual({ size: 56, cell: 8, block: 3, bins: 9, norm: 'L2-Hys', transformSqrt: false, colour: true })
    expect(FEATURE_METHODS.hog.dimension(params)).toBe(5 * 5 * 3 * 3 * 9 + 1)
    expect(reason).toMatch(/^Resized to 56 px \(twice the images' typical side of 28 px\) in 7 × 7 cells of 8 px/)
  })

  it('gives 8-pixel digits cells of 2 px (the smallest) on 14 px', () => {
    expect(hogForImages(square(8, 3)).params).toMatchObject({ size: 14, cell: 2, block: 3 })
    // 2 × 3 = 6 px would need cells of 1 px: kept at 2.
    expect(hogForImages(square(3)).params).toMatchObject({ size: 14, cell: 2 })
  })

  it('brings photos down to at most 128 px: 1024 × 768 gets 126 px in cells of 18 px', () => {
    const { params, reason } = hogForImages([{ width: 1024, height: 768 }])
    expect(params).toMatchObject({ size: 126, cell: 18, block: 3 })
    expect(reason).toMatch(/typical side of 887 px brought down to at most 128 px/)
  })

  it('takes the median of √(width × height), so a few odd images do not decide', () => {
    expect(typicalSide([{ width: 40, height: 10 }])).toBe(20)
    expect(typicalSide([...square(28, 5), ...square(4000, 2)])).toBe(28)
    expect(typicalSide([...square(10, 2), ...square(30, 2)])).toBe(20)
    expect(typicalSide([{ width: 0, height: 10 }])).toBeNull()
  })

  it('falls back to the photo settings, and says so, when no size could be read', () => {
    const { params, reason } = hogForImages([])
    expect(params).toEqual(HOG_FALLBACK)
    expect(reason).toMatch(/No image size could be read/)
  })
})
