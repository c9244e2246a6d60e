import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, fixture, mutate, randomString, seeded } from './__fixtures__/testing'
import { MeasureError } from './errors'
import { levenshtein } from './levenshtein'
import { plainLevenshtein } from './reference/strings'

interface StringCase {
  a: string
  b: string
  levenshtein: number
}

const cases = fixture<StringCase>('strings').cases

describe('Levenshtein against python-Levenshtein', () => {
  it('matches every fixture pair, both ways round', () => {
    expect(cases.some((c) => Array.from(c.a).length > 900)).toBe(true) // the multi-block path is covered
    for (const c of cases) {
      expect(levenshtein(c.a, c.b), `${c.a.slice(0, 20)} / ${c.b.slice(0, 20)}`).toBe(c.levenshtein)
      expect(levenshtein(c.b, c.a)).toBe(c.levenshtein)
    }
  })

  it('with maxDistance, returns the distance when within it and maxDistance + 1 past it', () => {
    for (const c of cases) {
      for (const k of [0, 1, c.levenshtein - 1, c.levenshtein, c.levenshtein + 3, 40]) {
        if (k < 0) continue
        expect(levenshtein(c.a, c.b, { maxDistance: k })).toBe(Math.min(c.levenshtein, k + 1))
      }
    }
  })
})

describe('Levenshtein, by hand', () => {
  it('counts the classic examples', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3)
    expect(levenshtein('flaw', 'lawn')).toBe(2)
    expect(levenshtein('', 'abc')).toBe(3)
    expect(levenshtein('abc', '')).toBe(3)
    expect(levenshtein('', '')).toBe(0)
    expect(levenshtein('same', 'same')).toBe(0)
  })

  it('counts by code point: a CJK character or an emoji is one character', () => {
    expect(levenshtein('猫', '犬')).toBe(1)
    expect(levenshtein('😀', '')).toBe(1)
    expect(levenshtein('😀a', 'a😀')).toBe(2)
    expect(levenshtein('😀', '😁')).toBe(1)
    expect(levenshtein('e\u0301', 'é')).toBe(2) // no normalisation: 'e' + accent is two characters
  })

  it('handles patterns on and around the 32-character block edges', () => {
    for (const n of [31, 32, 33, 63, 64, 65, 96, 97]) {
      const s = 'a'.repeat(n)
      expect(levenshtein(s, 'b'.repeat(n))).toBe(n)
      expect(levenshtein(s, s.slice(1) + 'b')).toBe(1)
      expect(levenshtein('x' + s, s + 'x')).toBe(2)
      expect(levenshtein(s, 'a'.repeat(2 * n + 5))).toBe(n + 5)
    }
  })
})

describe('Levenshtein, properties', () => {
  const random = seeded(42)

  it('agrees with the plain dynamic programme on random strings of 0 to 1,200 characters', () => {
    for (let t = 0; t < 300; t++) {
      const alphabet = ['AB', 'ACGT', 'abcdefghijklmnopqrstuvwxyz', 'a猫😀é'][t % 4]!
      const s = randomString(random, alphabet, Math.floor(random() ** 2 * 1200))
      const other = t % 3 === 0 ? randomString(random, alphabet, Math.floor(random() * 300)) : mutate(random, s, alphabet, Math.floor(random() * 40))
      const truth = plainLevenshtein(s, other)
      expect(levenshtein(s, other)).toBe(truth)
      const k = Math.floor(random() * (truth + 5))
      expect(levenshtein(s, other, { maxDistance: k })).toBe(Math.min(truth, k + 1))
    }
  })

  it('is a metric', () => {
    const base = randomString(random, 'ACGT', 70)
    const samples = Array.from({ length: 12 }, (_, i) => mutate(random, base, 'ACGT', i * 3))
    samples.push('', 'A', randomString(random, 'ACGT', 40))
    expect(checkDistanceAxioms(levenshtein, samples, true, 0)).toBe(15 ** 3)
  })

  it('lies between the length difference and the longer length', () => {
    for (let t = 0; t < 200; t++) {
      const s = randomString(random, 'abc', Math.floor(random() * 80))
      const u = randomString(random, 'abc', Math.floor(random() * 80))
      const d = levenshtein(s, u)
      expect(d).toBeGreaterThanOrEqual(Math.abs(s.length - u.length))
      expect(d).toBeLessThanOrEqual(Math.max(s.length, u.length))
    }
  })
})

describe('Levenshtein, bad input', () => {
  it('refuses non-strings', () => {
    expect(() => levenshtein('a', 5 as unknown as string)).toThrow(MeasureError)
    expect(() => levenshtein(undefined as unknown as string, 'a')).toThrow(/first argument is a undefined, not a string/)
  })

  it('refuses a maxDistance that is not a whole number ≥ 0', () => {
    for (const k of [-1, 1.5, NaN]) expect(() => levenshtein('a', 'b', { maxDistance: k })).toThrow(/maxDistance must be a whole number/)
    expect(levenshtein('abc', 'xyz', { maxDistance: Infinity })).toBe(3)
  })
})
