import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../random'
import { TableReadError } from './errors'
import { readJsonVectors } from './json'

const f32 = (xs: number[]): Float32Array => Float32Array.from(xs)

describe('readJsonVectors, the three shapes', () => {
  it('reads a list of number lists', () => {
    const t = readJsonVectors('\uFEFF [[1, 2.5], [-3, 4e-1]]')
    expect([t.rows, t.cols]).toEqual([2, 2])
    expect(t.data).toEqual(f32([1, 2.5, -3, 0.4]))
    expect(t.columns).toEqual(['x1', 'x2'])
    expect(t.ids).toEqual(['row 1', 'row 2'])
    expect(t.labels).toBeNull()
    expect(t.hadHeader).toBe(false)
  })

  it('reads entries with id, label and a vector under any of its names', () => {
    const t = readJsonVectors(
      JSON.stringify([
        { id: 'a', label: 'cat', vector: [1, 2, 3] },
        { id: 7, label: 2, features: [4, 5, 6] },
        { label: 'dog', values: [7, 8, 9] }
      ])
    )
    expect(t.ids).toEqual(['a', '7', 'row 3'])
    expect(t.labels).toEqual(['cat', '2', 'dog'])
    expect(t.labelColumn).toBe('label')
    expect(t.data).toEqual(f32([1, 2, 3, 4, 5, 6, 7, 8, 9]))
  })

  it('takes "group" or "class" as the label key', () => {
    expect(readJsonVectors('[{"group": "g1", "vector": [1]}]').labels).toEqual(['g1'])
    const t = readJsonVectors('[{"class": "c", "vector": [1]}, {"class": "d", "vector": [2]}]')
    expect(t.labels).toEqual(['c', 'd'])
    expect(t.labelColumn).toBe('class')
  })

  it('reads {"vectors", "labels", "ids"}', () => {
    const t = readJsonVectors('{"vectors": [[1, 0], [0, 1]], "labels": ["x", "y"], "ids": ["p", "q"]}')
    expect(t.data).toEqual(f32([1, 0, 0, 1]))
    expect(t.labels).toEqual(['x', 'y'])
    expect(t.ids).toEqual(['p', 'q'])
    expect(readJsonVectors('{"vectors": [[1]]}').labels).toBeNull()
  })

  it('round-trips a seeded float32 matrix through JSON.stringify', () => {
    const rnd = seededRandom(3)
    const m = Float32Array.from({ length: 40 * 9 }, () => rnd() * 2 - 1)
    const rows = Array.from({ length: 40 }, (_, i) => Array.from(m.subarray(i * 9, i * 9 + 9)))
    expect(readJsonVectors(JSON.stringify(rows)).data).toEqual(m)
  })
})

describe('readJsonVectors, errors that name the entry', () => {
  const fails = (text: string, pattern: RegExp): void => {
    expect(() => readJsonVectors(text)).toThrow(TableReadError)
    expect(() => readJsonVectors(text)).toThrow(pattern)
  }

  it('names the index of a vector of the wrong length or with a bad value', () => {
    fails('[[1, 2], [3, 4], [5]]', /^\[2\] has 1 numbers but the first vector has 2/)
    fails('[[1, 2], [3, null]]', /^\[1\]\[1\] is null, not a finite number/)
    fails('[[1, "2"]]', /^\[0\]\[1\] is the string "2"/)
    fails('[[1, 1e39]]', /^\[0\]\[1\] is 1e\+39, not a finite number/)
    fails('[{"vector": [1]}, {"vector": [1, 2]}]', /^\[1\]\.vector has 2 numbers/)
    fails('{"vectors": [[1], 5]}', /^vectors\[1\] is 5, not a list of numbers/)
    fails('[[]]', /^\[0\] is empty/)
  })

  it('refuses missing keys, mismatched lists and other shapes', () => {
    fails('[{"vector": [1]}, {"vec": [2]}]', /^\[1\] has no "vector"/)
    fails('[{"vector": [1]}, {"vector": [2], "label": "a"}]', /^\[0\] has no "label" although other entries have one/)
    fails('{"vectors": [[1], [2]], "labels": ["a"]}', /"labels" has 1 entries but there are 2 vectors/)
    fails('{"vectors": [[1]], "ids": [{}]}', /ids\[0\] is an object/)
    fails('{"rows": [[1]]}', /holds no list of vectors/)
    fails('[]', /empty/)
    fails('[[1, 2], ', /not valid JSON/)
  })
})
