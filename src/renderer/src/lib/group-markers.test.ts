import { describe, expect, it } from 'vitest'
import { groupMarker, MARKER_COUNT, markerKey, sharedMarkers, sharedMarkersNote } from './group-markers'

describe('group markers', () => {
  it('gives up to fourteen groups pairwise distinct markers', () => {
    expect(MARKER_COUNT).toBe(14)
    const keys = Array.from({ length: 14 }, (_, g) => markerKey(groupMarker(g)))
    expect(new Set(keys).size).toBe(14)
    // Groups 0 and 7 shared a shape before: now the same shape, one filled and one outlined.
    expect(groupMarker(0)).toMatchObject({ symbol: 'circle', filled: true })
    expect(groupMarker(7)).toMatchObject({ symbol: 'circle', filled: false })
    expect(sharedMarkers(14)).toEqual([])
    expect(sharedMarkersNote(Array.from({ length: 14 }, (_, g) => `g${g}`))).toBeNull()
  })

  it('says which groups share a marker beyond fourteen', () => {
    expect(markerKey(groupMarker(14))).toBe(markerKey(groupMarker(0)))
    expect(sharedMarkers(16)).toEqual([[0, 14], [1, 15]])
    expect(sharedMarkers(29)[0]).toEqual([0, 14, 28])
    const names = Array.from({ length: 16 }, (_, g) => `g${g + 1}`)
    expect(sharedMarkersNote(names)).toBe('14 markers for 16 groups; these share one: g1 and g15; g2 and g16.')
  })
})
