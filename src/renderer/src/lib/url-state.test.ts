import { describe, expect, it } from 'vitest'
import { formatPlace, NOWHERE, parsePlace, samePlace, type Place } from './url-state'

describe('parsePlace', () => {
  it('reads dataset, room and run', () => {
    expect(parsePlace('#/dataset/3/map?run=12')).toEqual({ datasetId: 3, room: 'map', runId: 12 })
    expect(parsePlace('/dataset/7/history')).toEqual({ datasetId: 7, room: 'history', runId: null })
    expect(parsePlace('#/dataset/7')).toEqual({ datasetId: 7, room: null, runId: null })
  })

  it('gives nowhere for an empty or foreign hash', () => {
    for (const hash of ['', '#', '#/', '#top', '#/datasets/3/map', '#/run/12', '#%E0%A4%A', '#/dataset//map']) {
      expect(parsePlace(hash), hash).toEqual(NOWHERE)
    }
  })

  it('refuses ids that are not plain positive integers', () => {
    for (const id of ['0', '-3', '3.5', '1e3', '03', 'abc', ' 3', '99999999999999999999']) {
      expect(parsePlace(`#/dataset/${id}/map`), id).toEqual(NOWHERE)
    }
  })

  it('keeps the dataset when the room or the run is garbage', () => {
    expect(parsePlace('#/dataset/3/kitchen?run=12')).toEqual({ datasetId: 3, room: null, runId: 12 })
    expect(parsePlace('#/dataset/3/map?run=twelve')).toEqual({ datasetId: 3, room: 'map', runId: null })
    expect(parsePlace('#/dataset/3/map?run=')).toEqual({ datasetId: 3, room: 'map', runId: null })
    expect(parsePlace('#/dataset/3/map?other=1&run=4')).toEqual({ datasetId: 3, room: 'map', runId: 4 })
  })
})

describe('formatPlace', () => {
  it('writes what parsePlace reads back', () => {
    const places: Place[] = [
      { datasetId: 3, room: 'map', runId: 12 },
      { datasetId: 1, room: 'images', runId: null },
      { datasetId: 42, room: 'clusters', runId: 5 }
    ]
    for (const place of places) expect(parsePlace(formatPlace(place))).toEqual(place)
    expect(formatPlace({ datasetId: 3, room: 'map', runId: 12 })).toBe('#/dataset/3/map?run=12')
  })

  it('writes nothing without a dataset, and the images room when none is named', () => {
    expect(formatPlace(NOWHERE)).toBe('')
    expect(formatPlace({ datasetId: null, room: 'map', runId: 2 })).toBe('')
    expect(formatPlace({ datasetId: 2, room: null, runId: null })).toBe('#/dataset/2/images')
  })
})

describe('samePlace', () => {
  it('compares every part', () => {
    const a: Place = { datasetId: 3, room: 'map', runId: 12 }
    expect(samePlace(a, { ...a })).toBe(true)
    expect(samePlace(a, { ...a, runId: null })).toBe(false)
    expect(samePlace(a, { ...a, room: 'clusters' })).toBe(false)
    expect(samePlace(a, { ...a, datasetId: 4 })).toBe(false)
  })
})
