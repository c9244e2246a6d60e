import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { FEATURE_METHODS } from './index'
import { hashHex, packBits, phashExtractor, type PhashKind } from './phash'
import { loadFixture } from './__fixtures__/load'
import type { RawImage } from './raw-image'

interface PhashFixture {
  source: string
  cases: { name: string; png: string; hashes: Record<string, string> }[]
}

async function decode(buf: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(buf).raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, channels: info.channels, data }
}

function hamming(a: Float32Array, b: Float32Array): number {
  let d = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++
  return d
}

const fixture = loadFixture<PhashFixture>('phash.json')

describe('perceptual hashes', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('agree bit for bit with imagehash on %s', async (_name, c) => {
    const image = await decode(Buffer.from(c.png, 'base64'))
    for (const [key, hex] of Object.entries(c.hashes)) {
      const [kind, bits] = key.split('-') as [PhashKind, string]
      expect(`${key} ${hashHex(phashExtractor({ kind, bits: Number(bits) })(image))}`).toBe(`${key} ${hex}`)
    }
  })

  it('gives the aHash worked out by hand for a two-colour image', () => {
    // 16 × 16: the left half black, the right half white. Each 2 × 2 input block becomes one
    // output pixel; Lanczos blurs only across the middle edge, so the mean falls between the
    // halves and exactly the right four columns of every row are set: 0x0f per row.
    const data = new Uint8Array(16 * 16)
    for (let y = 0; y < 16; y++) for (let x = 8; x < 16; x++) data[y * 16 + x] = 255
    const bits = phashExtractor({ kind: 'average', bits: 64 })({ width: 16, height: 16, channels: 1, data })
    expect(hashHex(bits)).toBe('0f'.repeat(8))
  })

  it('keeps a resized, recompressed copy within a few bits and puts different images about half apart', async () => {
    const a = await decode(Buffer.from(fixture.cases[0]!.png, 'base64'))
    const b = await decode(Buffer.from(fixture.cases[2]!.png, 'base64'))
    const original = sharp(Buffer.from(fixture.cases[2]!.png, 'base64'))
    const copy = await decode(await sharp(await original.resize(90, 70).jpeg({ quality: 60 }).toBuffer()).png().toBuffer())
    const hash = phashExtractor({ kind: 'dct', bits: 64 })
    expect(hamming(hash(b), hash(copy))).toBeLessThanOrEqual(6)
    const apart = hamming(hash(a), hash(b))
    expect(apart).toBeGreaterThan(16)
    expect(apart).toBeLessThan(48)
  })

  it('is registered as a feature method with checked parameters', () => {
    const m = FEATURE_METHODS.phash
    expect(m.params({ kind: 'difference' })).toEqual({ kind: 'difference', bits: 64 })
    expect(m.dimension(m.params({ bits: 256 }))).toBe(256)
    expect(() => m.params({ bits: 100 })).toThrow(/64 or 256/)
  })

  it('packs bits into words, the first bit in the low bit of word 0', () => {
    const v = new Float32Array(128)
    v[0] = 1
    v[33] = 1
    v[64 + 31] = 1
    const packed = packBits(v, 2, 64)
    expect([...packed]).toEqual([1, 2, 0x80000000 >>> 0, 0])
  })
})
