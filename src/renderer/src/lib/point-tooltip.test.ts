import { describe, expect, it } from 'vitest'
import { pointWhere } from './point-tooltip'

describe('pointWhere', () => {
  it('says that the second name is the folder', () => {
    expect(pointWhere('Cluster 9', '7')).toBe('Cluster 9 · folder 7')
    expect(pointWhere('Noise', 'cats/small')).toBe('Noise · folder cats/small')
  })

  it('names the dataset root as the top folder', () => {
    expect(pointWhere('Cluster 1', '')).toBe('Cluster 1 · (top folder)')
  })
})
