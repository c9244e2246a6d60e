import { describe, expect, it } from 'vitest'
import { expectClose, fixture, mutate, randomString, seeded } from './__fixtures__/testing'
import { MeasureError } from './errors'
import { jaro, jaroWinkler } from './jaro'
import { plainJaro, plainJaroWinkler } from './reference/strings'

interface StringCase {
  a: string
  b: string
  jaro?: number
  jaro_winkler?: number
}

describe('Jaro and Jaro-Winkler against jellyfish', () => {
  it('match jaro_similarity and jaro_winkler_similarity to 1e-9', () => {
    const cases = fixture<StringCase>('strings').cases.filter((c) => c.jaro !== undefined)
    expect(cases.length).toBeGreaterThan(40)
    for (const c of cases) {
      expectClose(jaro(c.a, c.b), c.jaro!, 1e-9, 0, `${c.a.slice(0, 20)} / ${c.b.slice(0, 20)}`)
      expectClose(jaroWinkler(c.a, c.b), c.jaro_winkler!, 1e-9, 0, `${c.a.slice(0, 20)} / ${c.b.slice(0, 20)}`)
    }
  })
})

describe('Jaro and Jaro-Winkler, by hand', () => {
  it('computes the textbook MARTHA / MARHTA example', () => {
    // 6 matches, 2 half-transpositions (T/H): (6/6 + 6/6 + 5/6) / 3 = 17/18.
    expectClose(jaro('MARTHA', 'MARHTA'), 17 / 18, 1e-15)
    // Common prefix MAR: 17/18 + 3 · 0.1 · (1/18).
    expectClose(jaroWinkler('MARTHA', 'MARHTA'), 17 / 18 + 0.3 / 18, 1e-15)
  })

  it('caps the Winkler prefix at four characters and boosts only above 0.7', () => {
    const j = jaro('abcdefgh', 'abcdefhg')
    expectClose(jaroWinkler('abcdefgh', 'abcdefhg'), j + 4 * 0.1 * (1 - j), 1e-15)
    expect(jaro('abcxyz', 'abcuvw')).toBeLessThanOrEqual(0.7)
    expect(jaroWinkler('abcxyz', 'abcuvw')).toBe(jaro('abcxyz', 'abcuvw'))
  })

  it('treats two empty strings as identical (1), unlike jellyfish (0); one empty string scores 0', () => {
    expect(jaro('', '')).toBe(1)
    expect(jaroWinkler('', '')).toBe(1)
    expect(jaro('', 'a')).toBe(0)
    expect(jaroWinkler('abc', '')).toBe(0)
  })

  it('counts by code point', () => {
    expect(jaro('😀', '😀')).toBe(1)
    expectClose(jaro('猫犬鳥', '猫犬魚'), (2 / 3 + 2 / 3 + 1) / 3, 1e-15)
  })
})

describe('Jaro and Jaro-Winkler, properties', () => {
  const random = seeded(23)

  it('stay in [0, 1], give 1 against themselves, and Winkler never lowers Jaro', () => {
    for (let t = 0; t < 300; t++) {
      const alphabet = t % 2 ? 'ACGT' : 'abcdef猫'
      const s = randomString(random, alphabet, 1 + Math.floor(random() * 40))
      const u = t % 3 ? mutate(random, s, alphabet, Math.floor(random() * 6)) : randomString(random, alphabet, Math.floor(random() * 40))
      const j = jaro(s, u)
      const w = jaroWinkler(s, u)
      expect(j).toBeGreaterThanOrEqual(0)
      expect(w).toBeLessThanOrEqual(1)
      expect(w).toBeGreaterThanOrEqual(j)
      expect(jaro(s, s)).toBe(1)
      expectClose(j, plainJaro(s, u), 1e-15)
      expectClose(w, plainJaroWinkler(s, u), 1e-15)
    }
  })
})

describe('Jaro, bad input', () => {
  it('refuses non-strings', () => {
    expect(() => jaro('a', 1 as unknown as string)).toThrow(MeasureError)
    expect(() => jaroWinkler(null as unknown as string, 'a')).toThrow(/not a string/)
  })
})
