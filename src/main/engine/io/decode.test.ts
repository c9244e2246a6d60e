import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp, { type CreateRaw } from 'sharp'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { crc32 } from 'node:zlib'
import { DEFAULT_DECODE_OPTIONS, decodeImageFile, thumbnailPath, type DecodeOptions } from './decode'
import { decodePlainPng } from './png-decode'
import { FEATURE_METHODS } from '../features'
import { noiseImage, noisePixels, pngClaimingSize, truncatedJpeg, writeBytes } from '../../test-support/fixtures'

let dir: string
let options: DecodeOptions

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-decode-'))
  options = { ...DEFAULT_DECODE_OPTIONS, thumbnailDir: join(dir, 'thumbs') }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('decodeImageFile', () => {
  it('reads a good PNG: content hash, size, and a thumbnail no larger than 256 px under its hash', async () => {
    const file = writeBytes(join(dir, 'wide.png'), await noiseImage(600, 300, 1).png().toBuffer())
    const d = await decodeImageFile(file, options)
    expect(d).toMatchObject({ status: 'ok', reason: null, format: 'png', width: 600, height: 300 })
    expect(d.hash).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'))
    const thumb = await sharp(thumbnailPath(options.thumbnailDir, d.hash!)).metadata()
    expect(thumb.format).toBe('webp')
    expect([thumb.width, thumb.height]).toEqual([256, 128])
    // For the user alone, whatever the umask: the image may sit in a folder only its owner reads.
    expect(statSync(thumbnailPath(options.thumbnailDir, d.hash!)).mode & 0o777).toBe(0o600)
    expect(statSync(dirname(thumbnailPath(options.thumbnailDir, d.hash!))).mode & 0o777).toBe(0o700)
  })

  it('reads a small plain PNG without sharp, to the result sharp gives: size, feature vector, its own bytes as thumbnail', async () => {
    const withFeatures = { ...options, features: { method: 'hog', params: FEATURE_METHODS.hog.defaults } }
    const gray = await sharp(noisePixels(28, 28, 1, 11), { raw: { width: 28, height: 28, channels: 1 } }).toColourspace('b-w').png().toBuffer()
    const rgba = await noiseImage(30, 20, 12).ensureAlpha(0.5).png().toBuffer()
    for (const [name, buf] of [['gray.png', gray], ['rgba.png', rgba]] as const) {
      expect(decodePlainPng(buf, options.thumbnailSize)).not.toBeNull()
      const plain = await decodeImageFile(writeBytes(join(dir, name), buf), withFeatures)
      // The same image with a text chunk, which only sharp takes.
      const text = withTextChunk(buf)
      expect(decodePlainPng(text, options.thumbnailSize)).toBeNull()
      const viaSharp = await decodeImageFile(writeBytes(join(dir, `text-${name}`), text), withFeatures)
      expect(plain).toMatchObject({ status: 'ok', reason: null, format: 'png' })
      expect(plain.vector).toBeInstanceOf(Float32Array)
      expect({ ...plain, hash: null }).toEqual({ ...viaSharp, hash: null })
      expect(readFileSync(thumbnailPath(options.thumbnailDir, plain.hash!)).equals(buf)).toBe(true)
    }
  })

  it('never enlarges a small image for its thumbnail', async () => {
    const d = await decodeImageFile(writeBytes(join(dir, 'small.png'), await noiseImage(28, 28, 2).png().toBuffer()), options)
    const thumb = await sharp(thumbnailPath(options.thumbnailDir, d.hash!)).metadata()
    expect([thumb.width, thumb.height]).toEqual([28, 28])
  })

  it('applies the EXIF orientation: a 40×20 JPEG tagged "rotate 90°" is 20×40 and so is its thumbnail', async () => {
    const jpeg = await noiseImage(40, 20, 3).jpeg().withMetadata({ orientation: 6 }).toBuffer()
    const d = await decodeImageFile(writeBytes(join(dir, 'rotated.jpg'), jpeg), options)
    expect([d.width, d.height]).toEqual([20, 40])
    const thumb = await sharp(thumbnailPath(options.thumbnailDir, d.hash!)).metadata()
    expect([thumb.width, thumb.height]).toEqual([20, 40])
  })

  it('reads WebP, TIFF and the first frame of an animated GIF', async () => {
    for (const [name, buf, format] of [
      ['a.webp', await noiseImage(30, 10, 4).webp().toBuffer(), 'webp'],
      ['a.tif', await noiseImage(30, 10, 5).tiff().toBuffer(), 'tiff']
    ] as const) {
      expect(await decodeImageFile(writeBytes(join(dir, name), buf), options)).toMatchObject({ status: 'ok', format, width: 30, height: 10 })
    }
    const frames = Buffer.concat([await noiseImage(16, 12, 6).raw().toBuffer(), await noiseImage(16, 12, 7).raw().toBuffer()])
    const gif = await sharp(frames, { raw: { width: 16, height: 24, channels: 3, pageHeight: 12 } as CreateRaw }).gif().toBuffer()
    expect((await sharp(gif, { pages: -1 }).metadata()).pages).toBe(2)
    expect(await decodeImageFile(writeBytes(join(dir, 'anim.gif'), gif), options)).toMatchObject({ status: 'ok', width: 16, height: 12 })
  })

  it('marks a truncated JPEG partial, decoded leniently, with the reason', async () => {
    const d = await decodeImageFile(writeBytes(join(dir, 'truncated.jpg'), await truncatedJpeg()), options)
    expect(d.status).toBe('partial')
    expect(d.reason).toMatch(/^Damaged file, decoded leniently: .*premature end/i)
    expect(existsSync(thumbnailPath(options.thumbnailDir, d.hash!))).toBe(true)
  })

  it('records an empty file, a text file named .png and a BMP as errors with their reasons', async () => {
    expect(await decodeImageFile(writeBytes(join(dir, 'empty.jpg'), ''), options)).toMatchObject({ status: 'error', reason: 'Empty file (0 bytes).' })
    const text = await decodeImageFile(writeBytes(join(dir, 'notes.png'), 'not a picture'), options)
    expect(text).toMatchObject({ status: 'error', format: null })
    // BMP is recognised but refused, so it is not among the formats the file could have been.
    expect(text.reason).toBe('Not an image: the content is not JPEG, PNG, WebP, GIF or TIFF.')
    expect(text.hash).toMatch(/^[0-9a-f]{64}$/)
    const bmp = Buffer.alloc(70)
    bmp.write('BM', 0, 'ascii')
    expect((await decodeImageFile(writeBytes(join(dir, 'old.bmp'), bmp), options)).reason).toMatch(/BMP .* convert them to PNG/)
  })

  it('gives a corrupt header as a reason that does not end on a dangling colon', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)])
    const d = await decodeImageFile(writeBytes(join(dir, 'corrupt-header.png'), png), options)
    expect(d).toMatchObject({ status: 'error', format: 'png' })
    expect(d.reason).toMatch(/^Cannot decode this PNG file: .*corrupt header/i)
    expect(d.reason).not.toMatch(/[:;,]\s*$/)
  })

  it('refuses an image whose header claims 30000×30000 pixels without decoding it, and says how to allow it', async () => {
    const d = await decodeImageFile(writeBytes(join(dir, 'bomb.png'), pngClaimingSize(30000, 30000)), options)
    expect(d.status).toBe('error')
    expect(d.reason).toContain('30000 × 30000 pixels exceeds the limit of 268,402,689 pixels')
    expect(d.reason).toContain('--max-pixels')
  })

  it('honours a lower pixel limit and a file-size limit', async () => {
    const file = writeBytes(join(dir, 'mid.png'), await noiseImage(100, 100, 8).png().toBuffer())
    expect((await decodeImageFile(file, { ...options, limitInputPixels: 9999 })).reason).toMatch(/^Image is too large: 100 × 100/)
    expect((await decodeImageFile(file, { ...options, maxFileBytes: 10 })).reason).toMatch(/^File is too large to import/)
  })

  it('reports a file that vanished', async () => {
    expect((await decodeImageFile(join(dir, 'nope.png'), options)).reason).toBe('The file vanished during the import.')
  })
})

/** A PNG with a tEXt chunk after its header. */
function withTextChunk(png: Buffer): Buffer {
  const text = Buffer.from('Comment\0made for a test')
  const chunk = Buffer.alloc(12 + text.length)
  chunk.writeUInt32BE(text.length, 0)
  chunk.write('tEXt', 4, 'latin1')
  text.copy(chunk, 8)
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + text.length)), 8 + text.length)
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)])
}
