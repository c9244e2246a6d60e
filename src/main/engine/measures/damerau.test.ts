import { describe, expect, it } from 'vitest'
import { checkDistanceAxioms, fixture, mutate, randomString, seeded } from './__fixtures__/testing'
import { damerauLevenshtein, osa } from './damerau'
import { MeasureError } from './errors'
import { levenshtein } from './levenshtein'
import { plainDamerauLevenshtein, plainOsa } from './reference/strings'

interface StringCase {
  a: string
  b: string
  osa: number
  damerau_levenshtein: number
}

describe('Damerau-Levenshtein against references', () => {
  const cases = fixture<StringCase>('strings').cases

  it('unrestricted: matches jellyfish.damerau_levenshtein_distance', () => {
    for (const c of cases) {
      expect(damerauLevenshtein(c.a, c.b), `${c.a.slice(0, 20)} / ${c.b.slice(0, 20)}`).toBe(c.damerau_levenshtein)
      expect(damerauLevenshtein(c.b, c.a)).toBe(c.damerau_levenshtein)
    }
  })

  it('optimal string alignment: matches the textbook dynamic programme of the fixture script', () => {
    for (const c of cases) expect(osa(c.a, c.b)).toBe(c.osa)
  })
})

describe('Damerau-Levenshtein, by hand', () => {
  it('counts a swap of adjacent characters as one edit', () => {
    expect(osa('ab', 'ba')).toBe(1)
    expect(damerauLevenshtein('ab', 'ba')).toBe(1)
    expect(levenshtein('ab', 'ba')).toBe(2)
    expect(osa('猫犬', '犬猫')).toBe(1)
    expect(damerauLevenshtein('😀😁', '😁😀')).toBe(1)
  })

  it('differs on CA → ABC: OSA may not edit between swapped characters', () => {
    expect(osa('CA', 'ABC')).toBe(3)
    expect(damerauLevenshtein('CA', 'ABC')).toBe(2)
  })

  it('gives lengths against the empty string', () => {
    expect(osa('', 'abc')).toBe(3)
    expect(damerauLevenshtein('abcd', '')).toBe(4)
    expect(osa('', '')).toBe(0)
  })
})

describe('Damerau-Levenshtein, properties', () => {
  const random = seeded(17)
  const base = randomString(random, 'ABC', 24)
  const samples = Array.from({ length: 12 }, (_, i) => mutate(random, base, 'ABC', i))
  samples.push('CA', 'AC', 'ABC', '')

  it('OSA breaks the triangle inequality: CA → AC → ABC costs 2, but OSA(CA, ABC) = 3', () => {
    expect(osa('CA', 'AC') + osa('AC', 'ABC')).toBe(2)
    expect(osa('CA', 'ABC')).toBe(3)
    checkDistanceAxioms(osa, samples, false, 0) // still symmetric, 0 on itself, non-negative
  })

  it('the unrestricted distance is a metric', () => {
    expect(checkDistanceAxioms(damerauLevenshtein, samples, true, 0)).toBe(16 ** 3)
  })

  it('orders as unrestricted ≤ OSA ≤ Levenshtein, and agrees with the plain versions', () => {
    for (let t = 0; t < 300; t++) {
      const alphabet = t % 2 ? 'AB' : 'ab猫😀'
      const s = randomString(random, alphabet, Math.floor(random() * 60))
      const u = t % 3 ? mutate(random, s, alphabet, Math.floor(random() * 8)) : randomString(random, alphabet, Math.floor(random() * 60))
      const d = damerauLevenshtein(s, u)
      const o = osa(s, u)
      expect(d).toBe(plainDamerauLevenshtein(s, u))
      expect(o).toBe(plainOsa(s, u))
      expect(d).toBeLessThanOrEqual(o)
      expect(o).toBeLessThanOrEqual(levenshtein(s, u))
    }
  })
})

describe('Damerau-Levenshtein, bad input', () => {
  it('refuses non-strings', () => {
    expect(() => osa('a', null as unknown as string)).toThrow(MeasureError)
    expect(() => damerauLevenshtein(['a'] as unknown as string, 'a')).toThrow(/first argument is a object, not a string/)
  })
})
