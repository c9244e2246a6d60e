import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compare } from './compare'
import { noiseImage, writeBytes } from '../test-support/fixtures'

const value = (r: Awaited<ReturnType<typeof compare>>, measure: string, on?: string) =>
  r.results.find((x) => x.measure === measure && (on === undefined || x.on === on))?.value

describe('compare', () => {
  it('gives the string measures of two strings, with the textbook kitten/sitting values', async () => {
    const r = await compare('kitten', 'sitting')
    expect(r.kind).toBe('strings')
    expect(value(r, 'levenshtein')).toBe(3)
    expect(r.results.find((x) => x.measure === 'hamming-string')?.error).toMatch(/different lengths/)
  })

  it('gives zero distances for an image against a byte-identical copy, and non-zero for another image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'likeness-compare-'))
    const png = await noiseImage(40, 40, 1).png().toBuffer()
    const a = writeBytes(join(dir, 'a.png'), png)
    const b = writeBytes(join(dir, 'b.png'), png)
    const c = writeBytes(join(dir, 'c.png'), await noiseImage(40, 40, 2).png().toBuffer())
    const same = await compare(a, b)
    expect(same.kind).toBe('images')
    expect(value(same, 'euclidean', 'HOG')).toBe(0)
    expect(value(same, 'euclidean', 'pixels 28×28')).toBe(0)
    expect(value(same, 'emd-signature')).toBeCloseTo(0, 9)
    const other = await compare(a, c)
    expect(value(other, 'euclidean', 'pixels 28×28')).toBeGreaterThan(0)
    await expect(compare(a, 'just words')).rejects.toThrow(/two image files or two strings/)
  })
})
