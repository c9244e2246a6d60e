import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, fixture, randomString, seeded } from './__fixtures__/testing'
import { MeasureError } from './errors'
import { hammingBinary, hammingString } from './hamming'
import { plainHamming } from './reference/strings'
import { plainHammingBinary } from './reference/vectors'

interface BinaryCase {
  kind: 'binary' | 'set'
  a: number[]
  b: number[]
  hamming_fraction: number
  length: number
}

interface StringCase {
  a: string
  b: string
  hamming?: number
}

describe('Hamming against scipy.spatial.distance.hamming', () => {
  it('gives the count, which is scipy\'s fraction times the length', () => {
    const cases = fixture<BinaryCase>('binary').cases.filter((c) => c.kind === 'binary')
    expect(cases.length).toBeGreaterThan(8)
    for (const c of cases) expect(hammingBinary(Int32Array.from(c.a), c.b)).toBe(Math.round(c.hamming_fraction * c.length))
  })

  it('counts differing code points of equal-length strings', () => {
    const cases = fixture<StringCase>('strings').cases.filter((c) => c.hamming !== undefined)
    expect(cases.length).toBeGreaterThan(8)
    for (const c of cases) expect(hammingString(c.a, c.b)).toBe(c.hamming)
  })
})

describe('Hamming, by hand', () => {
  it('counts the positions that differ', () => {
    expect(hammingString('karolin', 'kathrin')).toBe(3)
    expect(hammingString('', '')).toBe(0)
    expect(hammingString('猫が好き', '犬が好き')).toBe(1)
    expect(hammingBinary([1, 0, 1, 1], [1, 1, 0, 1])).toBe(2)
  })

  it('counts an emoji outside the BMP as one character, not two UTF-16 units', () => {
    expect(hammingString('😀b', '😁b')).toBe(1)
    expect(() => hammingString('😀', 'ab')).toThrow(/1 and 2 characters/)
  })
})

describe('Hamming, properties', () => {
  const random = seeded(13)
  it('is a metric on strings and binary vectors of one length', () => {
    const strings = Array.from({ length: 12 }, () => randomString(random, 'AC猫', 15))
    expect(checkDistanceAxioms(hammingString, strings, true)).toBe(12 ** 3)
    const vectors = Array.from({ length: 12 }, () => Array.from({ length: 30 }, () => (random() < 0.5 ? 1 : 0)))
    expect(checkDistanceAxioms(hammingBinary, vectors, true)).toBe(12 ** 3)
    for (const x of strings) for (const y of strings) expect(hammingString(x, y)).toBe(plainHamming(x, y))
    for (const x of vectors) for (const y of vectors) expect(hammingBinary(x, y)).toBe(plainHammingBinary(x, y))
  })
})

describe('Hamming, bad input', () => {
  it('refuses strings of different lengths and says what to use instead', () => {
    expect(() => hammingString('abc', 'ab')).toThrow(MeasureError)
    expect(() => hammingString('abc', 'ab')).toThrow(/different lengths \(3 and 2 characters\).*Levenshtein/)
  })

  it('refuses non-strings and non-binary vectors', () => {
    expect(() => hammingString('abc', null as unknown as string)).toThrow(/second argument is a null, not a string/)
    expect(() => hammingBinary([0, 1, -1], [0, 1, 1])).toThrow(/first vector has -1 at index 2/)
    expect(() => hammingBinary([0, 1], [0, 1, 1])).toThrow(/different lengths/)
  })
})
