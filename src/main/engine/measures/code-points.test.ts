import { describe, expect, it } from 'vitest'
import { CodePoints, codePoints } from './code-points'

describe('code points', () => {
  it('joins surrogate pairs into one code point, as Array.from does', () => {
    for (const s of ['', 'abc', '猫が好き', '😀a😁', '𝔘𝔫𝔦', 'e\u0301']) {
      expect(Array.from(codePoints(s))).toEqual(Array.from(s, (c) => c.codePointAt(0)))
    }
    expect(codePoints('😀')).toEqual(Int32Array.from([0x1f600]))
  })

  it('keeps a lone surrogate as one character', () => {
    expect(Array.from(codePoints('a\ud83d'))).toEqual([0x61, 0xd83d])
    expect(Array.from(codePoints('\ude00b'))).toEqual([0xde00, 0x62])
  })

  it('grows its buffer for long strings and reuses it for short ones', () => {
    const cp = new CodePoints()
    expect(cp.load('x'.repeat(1000)).length).toBe(1000)
    expect(cp.data.length).toBeGreaterThanOrEqual(1000)
    const buffer = cp.data
    expect(cp.load('ab').length).toBe(2)
    expect(cp.data).toBe(buffer)
    expect(Array.from(cp.data.subarray(0, 2))).toEqual([0x61, 0x62])
  })
})
