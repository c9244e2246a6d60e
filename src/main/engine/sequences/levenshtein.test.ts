import { describe, expect, it } from 'vitest'
import { MeasureError } from '../measures/errors'
import { levenshtein as myers } from '../measures/levenshtein'
import { plainLevenshtein } from '../measures/reference/strings'
import { seededRandom } from '../random'
import { codePointLength, normalisedLevenshtein } from './levenshtein'

/** The clustering's distance, with the bound as a plain argument. */
const levenshtein = (a: string, b: string, maxDistance?: number): number => myers(a, b, { maxDistance })

function randomString(random: () => number, alphabet: string, length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)]
  return s
}

describe('bounded Levenshtein', () => {
  it('gives hand-computed distances', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3)
    expect(levenshtein('sitting', 'kitten')).toBe(3)
    expect(levenshtein('flaw', 'lawn')).toBe(2)
    expect(levenshtein('ACGT', 'TGCA')).toBe(4)
    expect(levenshtein('GATTACA', 'GCATGCU')).toBe(4)
    expect(levenshtein('', '')).toBe(0)
    expect(levenshtein('', 'abc')).toBe(3)
    expect(levenshtein('abc', '')).toBe(3)
    expect(levenshtein('same', 'same')).toBe(0)
  })

  it('returns max + 1 once the distance exceeds max, and the distance when within it', () => {
    expect(levenshtein('kitten', 'sitting', 2)).toBe(3)
    expect(levenshtein('kitten', 'sitting', 1)).toBe(2)
    expect(levenshtein('kitten', 'sitting', 0)).toBe(1)
    expect(levenshtein('kitten', 'sitting', 3)).toBe(3)
    expect(levenshtein('kitten', 'sitting', 10)).toBe(3)
    expect(levenshtein('same', 'same', 0)).toBe(0)
    // The length difference alone exceeds the bound.
    expect(levenshtein('a', 'abcdefgh', 3)).toBe(4)
    expect(levenshtein('', 'abc', 2)).toBe(3)
  })

  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('a😀猫')).toBe(3)
    expect(codePointLength('\ud800x')).toBe(2) // a lone surrogate is one character
    expect(levenshtein('😀a', 'a')).toBe(1)
    expect(levenshtein('猫😀', '猫😁')).toBe(1)
  })

  it('agrees with an unbounded reference programme on random strings, for every bound', () => {
    const random = seededRandom(7)
    for (let t = 0; t < 300; t++) {
      const alphabet = t % 2 === 0 ? 'ACGT' : 'ab'
      const a = randomString(random, alphabet, Math.floor(random() * 40))
      // Half the pairs are near copies, where the band matters most.
      let b = randomString(random, alphabet, Math.floor(random() * 40))
      if (t % 3 === 0) b = a.slice(0, Math.floor(random() * a.length)) + randomString(random, alphabet, 3) + a.slice(Math.floor(random() * a.length))
      const exact = plainLevenshtein(a, b)
      expect(levenshtein(a, b), `${a} / ${b}`).toBe(exact)
      for (const max of [0, 1, 2, 5, Math.max(0, exact - 1), exact, exact + 1, 50]) {
        expect(levenshtein(a, b, max), `${a} / ${b} within ${max}`).toBe(Math.min(exact, max + 1))
      }
    }
  })

  it('agrees with the reference programme on long near-copies, within and past the bound', () => {
    const random = seededRandom(11)
    for (let t = 0; t < 20; t++) {
      const a = randomString(random, 'ACGT', 200 + Math.floor(random() * 300))
      const chars = Array.from(a)
      for (let e = 0; e < 30; e++) chars.splice(Math.floor(random() * chars.length), random() < 0.5 ? 1 : 0, 'ACGT'[Math.floor(random() * 4)]!)
      const b = chars.join('')
      const exact = plainLevenshtein(a, b)
      for (const max of [10, 40, 1000]) expect(levenshtein(a, b, max)).toBe(Math.min(exact, max + 1))
    }
  })

  it('normalises by the longer length', () => {
    expect(normalisedLevenshtein('kitten', 'sitting')).toBeCloseTo(3 / 7, 12)
    expect(normalisedLevenshtein('', '')).toBe(0)
    expect(normalisedLevenshtein('abc', 'xyz')).toBe(1)
    // Past the bound (0.2 × 7 → 1 edit allowed) the answer is 1.
    expect(normalisedLevenshtein('kitten', 'sitting', 0.2)).toBe(1)
  })

  it('refuses a bound that is not a whole number', () => {
    expect(() => levenshtein('a', 'b', -1)).toThrow(MeasureError)
    expect(() => levenshtein('a', 'b', 1.5)).toThrow(/whole number/)
  })
})
