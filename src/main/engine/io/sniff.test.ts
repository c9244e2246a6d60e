import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { hasImageExtension, sniffImageFormat } from './sniff'

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b)

describe('sniffImageFormat', () => {
  it('recognises each format by its signature', async () => {
    const img = sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } })
    expect(sniffImageFormat(await img.clone().jpeg().toBuffer())).toBe('jpeg')
    expect(sniffImageFormat(await img.clone().png().toBuffer())).toBe('png')
    expect(sniffImageFormat(await img.clone().webp().toBuffer())).toBe('webp')
    expect(sniffImageFormat(await img.clone().gif().toBuffer())).toBe('gif')
    expect(sniffImageFormat(await img.clone().tiff().toBuffer())).toBe('tiff')
    expect(sniffImageFormat(bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8))).toBe('tiff')
    expect(sniffImageFormat(bytes(0x42, 0x4d, 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0))).toBe('bmp')
  })

  it('refuses content that only resembles a signature', () => {
    expect(sniffImageFormat(new TextEncoder().encode('PNG is the best format'))).toBeNull()
    expect(sniffImageFormat(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull() // truncated PNG signature
    expect(sniffImageFormat(bytes(0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x41, 0x56, 0x49, 0x20))).toBeNull() // RIFF AVI
    expect(sniffImageFormat(bytes(0x42, 0x4d))).toBeNull() // "BM" alone
    expect(sniffImageFormat(new Uint8Array(0))).toBeNull()
  })
})

describe('hasImageExtension', () => {
  it('matches image extensions in any case, and nothing else', () => {
    expect(hasImageExtension('a.JPG')).toBe(true)
    expect(hasImageExtension('scan.tiff')).toBe(true)
    expect(hasImageExtension('photo.jpeg.txt')).toBe(false)
    expect(hasImageExtension('.png')).toBe(false) // a hidden file named ".png" has no extension
    expect(hasImageExtension('README')).toBe(false)
  })
})
