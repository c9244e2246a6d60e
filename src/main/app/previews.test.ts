import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { ensurePreview, PREVIEW_SIZE, PreviewError, previewPath } from './previews'

const LIMIT = 268_402_689

let dir: string
let cache: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-previews-'))
  cache = join(dir, 'thumbnails')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, bytes: Buffer): { file: string; hash: string } {
  const file = join(dir, name)
  writeFileSync(file, bytes)
  return { file, hash: createHash('sha256').update(bytes).digest('hex') }
}

/** Left half red, right half blue: which side ends up where tells how the image was turned. */
function halves(width: number, height: number): Sharp {
  const px = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3
      if (x < width / 2) px[o] = 230
      else px[o + 2] = 230
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } })
}

async function pixel(file: string, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const o = (y * info.width + x) * info.channels
  return [data[o]!, data[o + 1]!, data[o + 2]!]
}

describe('ensurePreview', () => {
  it('shrinks a 3000 × 2000 image to 1600 pixels on its long side, keeping its aspect, as WebP', async () => {
    const source = write('wide.png', await halves(3000, 2000).png({ compressionLevel: 1 }).toBuffer())
    const file = await ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })
    expect(file).toBe(previewPath(cache, source.hash))
    const meta = await sharp(file).metadata()
    expect(meta.format).toBe('webp')
    expect(PREVIEW_SIZE).toBe(1600)
    expect(meta.width).toBe(1600)
    expect(meta.height).toBe(1067)
    // Still red on the left and blue on the right: shrunk, not turned or cropped.
    expect((await pixel(file, 10, 500))[0]).toBeGreaterThan(180)
    expect((await pixel(file, 1590, 500))[2]).toBeGreaterThan(180)
  })

  it('leaves an image smaller than the limit at its own size', async () => {
    const source = write('small.jpg', await halves(300, 200).jpeg().toBuffer())
    const meta = await sharp(await ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })).metadata()
    expect([meta.width, meta.height]).toEqual([300, 200])
  })

  it('turns an image upright by its EXIF orientation 6', async () => {
    // Stored 400 wide and 200 high, red on the left; orientation 6 says: turn a quarter clockwise.
    const source = write('turned.jpg', await halves(400, 200).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer())
    expect((await sharp(source.file).metadata()).orientation).toBe(6)
    const file = await ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })
    const meta = await sharp(file).metadata()
    expect([meta.width, meta.height]).toEqual([200, 400])
    // The stored left edge is now the top edge.
    expect((await pixel(file, 100, 10))[0]).toBeGreaterThan(180)
    expect((await pixel(file, 100, 390))[2]).toBeGreaterThan(180)
  })

  it('refuses a corrupt file with a reason for the user, and caches nothing', async () => {
    const png = await halves(64, 64).png().toBuffer()
    const source = write('corrupt.png', Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 0x5a)]))
    const made = ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })
    await expect(made).rejects.toBeInstanceOf(PreviewError)
    await expect(made).rejects.toThrow(/^The image cannot be decoded for viewing: .+\.$/)
    expect(() => statSync(previewPath(cache, source.hash))).toThrow()
  })

  it('refuses a file whose content changed since the import, rather than caching it under the old hash', async () => {
    const source = write('changed.png', await halves(32, 32).png().toBuffer())
    writeFileSync(source.file, await halves(48, 48).png().toBuffer())
    await expect(ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })).rejects.toThrow(
      'The file has changed since it was imported: import its folder again to see it.'
    )
  })

  it('says where a vanished file was', async () => {
    const source = write('gone.png', await halves(32, 32).png().toBuffer())
    unlinkSync(source.file)
    await expect(ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })).rejects.toThrow(
      `The file is no longer at ${source.file}: import its folder again.`
    )
  })

  it('refuses an image over the pixel limit', async () => {
    const source = write('big.png', await halves(200, 100).png().toBuffer())
    await expect(ensurePreview(source, { dir: cache, limitInputPixels: 10_000 })).rejects.toThrow(/cannot be decoded for viewing: .*pixel limit/i)
  })

  it('keeps the preview for its owner alone and serves it again from the cache', async () => {
    const source = write('cached.png', await halves(64, 32).png().toBuffer())
    const first = await ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })
    expect(statSync(first).mode & 0o777).toBe(0o600)
    unlinkSync(source.file)
    // Gone from the folder, still in the cache: no read of the source happens.
    expect(await ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })).toBe(first)
  })

  it('makes one preview for requests that arrive together', async () => {
    const source = write('twice.png', await halves(640, 480).png().toBuffer())
    const [a, b] = await Promise.all([
      ensurePreview(source, { dir: cache, limitInputPixels: LIMIT }),
      ensurePreview(source, { dir: cache, limitInputPixels: LIMIT })
    ])
    expect(a).toBe(b)
    expect((await sharp(a).metadata()).width).toBe(640)
  })

  it('refuses a hash that could name a path', async () => {
    const source = write('odd.png', await halves(8, 8).png().toBuffer())
    await expect(ensurePreview({ file: source.file, hash: '../../etc' }, { dir: cache, limitInputPixels: LIMIT })).rejects.toBeInstanceOf(PreviewError)
  })
})
