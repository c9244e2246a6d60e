import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { crc32, deflateSync } from 'node:zlib'
import { decodePlainPng } from './png-decode'
import { noisePixels } from '../../test-support/fixtures'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const PHYS = Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])
const IEND = (): Buffer => chunk('IEND', Buffer.alloc(0))

function chunk(type: string, data: Buffer, damaged = false): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  data.copy(out, 8)
  out.writeUInt32BE((crc32(out.subarray(4, 8 + data.length)) ^ (damaged ? 1 : 0)) >>> 0, 8 + data.length)
  return out
}

function header(width: number, height: number, depth: number, colour: number, interlace = 0): Buffer {
  const b = Buffer.alloc(13)
  b.writeUInt32BE(width, 0)
  b.writeUInt32BE(height, 4)
  b[8] = depth
  b[9] = colour
  b[12] = interlace
  return b
}

/** Filtered rows of noise: a filter byte (chosen per row) before each row of `rowBytes`. */
function rows(rowBytes: number, height: number, filter: (y: number) => number, seed: number): Buffer {
  const noise = noisePixels(rowBytes, height, 1, seed)
  const out = Buffer.alloc((rowBytes + 1) * height)
  for (let y = 0; y < height; y++) {
    out[y * (rowBytes + 1)] = filter(y)
    noise.copy(out, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes)
  }
  return out
}

const png = (...chunks: Buffer[]): Buffer => Buffer.concat([SIGNATURE, ...chunks])

/** A 28 × 28 gray PNG as many datasets hold them, with its parts given or changed by `parts`. */
function digit(parts: { before?: Buffer[]; after?: Buffer[]; data?: Buffer; ihdr?: Buffer } = {}): Buffer {
  return png(
    chunk('IHDR', parts.ihdr ?? header(28, 28, 8, 0)),
    ...(parts.before ?? [chunk('pHYs', PHYS)]),
    chunk('IDAT', parts.data ?? deflateSync(rows(28, 28, (y) => y % 5, 1))),
    ...(parts.after ?? []),
    IEND()
  )
}

async function expectSharpPixels(buf: Buffer): Promise<void> {
  const mine = decodePlainPng(buf, 256)
  expect(mine).not.toBeNull()
  const { data, info } = await sharp(buf, { failOn: 'warning', autoOrient: true, pages: 1 }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  expect([mine!.width, mine!.height, mine!.channels]).toEqual([info.width, info.height, info.channels])
  expect(Buffer.from(mine!.data).equals(data)).toBe(true)
}

describe('decodePlainPng', () => {
  it('gives sharp\'s pixels for 8-bit gray, gray + alpha, RGB and RGBA, through every row filter', async () => {
    for (const [colour, channels] of [[0, 1], [4, 2], [2, 3], [6, 4]] as const) {
      for (const filter of [0, 1, 2, 3, 4, -1]) {
        const data = rows(29 * channels, 17, (y) => (filter < 0 ? (y * 3) % 5 : filter), 10 * colour + filter + 2)
        await expectSharpPixels(png(chunk('IHDR', header(29, 17, 8, colour)), chunk('pHYs', PHYS), chunk('IDAT', deflateSync(data)), IEND()))
      }
    }
  })

  it('gives sharp\'s pixels for the PNGs sharp writes, and for image data split over several chunks', async () => {
    const gray = noisePixels(28, 28, 1, 3)
    await expectSharpPixels(await sharp(gray, { raw: { width: 28, height: 28, channels: 1 } }).toColourspace('b-w').png().toBuffer())
    await expectSharpPixels(await sharp(noisePixels(40, 30, 3, 4), { raw: { width: 40, height: 30, channels: 3 } }).png().toBuffer())
    await expectSharpPixels(await sharp(noisePixels(40, 30, 3, 5), { raw: { width: 40, height: 30, channels: 3 } }).ensureAlpha(0.5).png().toBuffer())
    const z = deflateSync(rows(28, 28, (y) => y % 5, 6))
    await expectSharpPixels(png(chunk('IHDR', header(28, 28, 8, 0)), chunk('IDAT', z.subarray(0, 40)), chunk('IDAT', Buffer.alloc(0)), chunk('IDAT', z.subarray(40)), IEND()))
    await expectSharpPixels(png(chunk('IHDR', header(1, 1, 8, 6)), chunk('IDAT', deflateSync(Buffer.from([0, 1, 2, 3, 4]))), IEND()))
    await expectSharpPixels(png(chunk('IHDR', header(256, 3, 8, 2)), chunk('IDAT', deflateSync(rows(768, 3, () => 4, 7))), IEND()))
    await expectSharpPixels(digit())
  })

  it('leaves to sharp the colour types and depths it does not take, interlaced images and larger ones', async () => {
    const rgb = noisePixels(20, 20, 3, 8)
    const refused = [
      await sharp(rgb, { raw: { width: 20, height: 20, channels: 3 } }).png({ palette: true }).toBuffer(),
      await sharp(rgb, { raw: { width: 20, height: 20, channels: 3 } }).png({ progressive: true }).toBuffer(),
      await sharp(rgb, { raw: { width: 20, height: 20, channels: 3 } }).toColourspace('rgb16').png().toBuffer(),
      png(chunk('IHDR', header(28, 28, 16, 0)), chunk('IDAT', deflateSync(rows(56, 28, () => 0, 9))), IEND()),
      ...[1, 2, 4].map((depth) => png(chunk('IHDR', header(32, 4, depth, 0)), chunk('IDAT', deflateSync(rows((32 * depth) / 8, 4, () => 0, 9))), IEND())),
      png(chunk('IHDR', header(300, 2, 8, 0)), chunk('IDAT', deflateSync(rows(300, 2, () => 0, 9))), IEND())
    ]
    for (const buf of refused) expect(decodePlainPng(buf, 256)).toBeNull()
    // Each of these decodes in sharp; it is sharp's to decode.
    for (const buf of refused.slice(0, 3)) await expect(sharp(buf).raw().toBuffer()).resolves.toBeInstanceOf(Buffer)
    expect(decodePlainPng(digit(), 27)).toBeNull()
  })

  it('leaves to sharp a PNG with any chunk that could bear on its pixels, or that it does not know', async () => {
    const exif = await sharp(noisePixels(8, 8, 3, 1), { raw: { width: 8, height: 8, channels: 3 } }).png().withMetadata({ orientation: 6 }).toBuffer()
    const icc = await sharp(noisePixels(8, 8, 3, 1), { raw: { width: 8, height: 8, channels: 3 } }).png().withIccProfile('p3').toBuffer()
    for (const buf of [exif, icc]) expect(decodePlainPng(buf, 256)).toBeNull()
    for (const before of [
      [chunk('tRNS', Buffer.from([0, 0]))],
      [chunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f]))],
      [chunk('sRGB', Buffer.from([0]))],
      [chunk('cHRM', Buffer.alloc(32))],
      [chunk('iCCP', Buffer.concat([Buffer.from('icc\0\0'), deflateSync(Buffer.alloc(128))]))],
      [chunk('eXIf', Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 0]))],
      [chunk('tEXt', Buffer.from('Comment\0a digit'))],
      [chunk('abCd', Buffer.from('x'))],
      [chunk('pHYs', PHYS), chunk('pHYs', PHYS)],
      [chunk('pHYs', Buffer.from([0, 0, 1, 0, 0, 0, 1, 0, 2]))]
    ]) {
      expect(decodePlainPng(digit({ before }), 256)).toBeNull()
    }
    expect(decodePlainPng(digit({ after: [chunk('tEXt', Buffer.from('Comment\0late'))] }), 256)).toBeNull()
    expect(decodePlainPng(digit({ before: [], after: [chunk('pHYs', PHYS)] }), 256)).toBeNull()
  })

  it('leaves every damaged file to sharp, which then says what is wrong', async () => {
    const good = digit()
    const raw = rows(28, 28, (y) => y % 5, 1)
    const z = deflateSync(raw)
    const badAdler = Buffer.from(z)
    badAdler[badAdler.length - 1]! ^= 1
    const badFilter = Buffer.from(raw)
    badFilter[29 * 3] = 5
    const damaged = [
      Buffer.from('not a png at all, just some text that is long enough to be one'),
      good.subarray(0, good.length - 1),
      good.subarray(0, good.length - 12),
      Buffer.concat([good, Buffer.from('trailing')]),
      digit({ before: [chunk('pHYs', PHYS, true)] }),
      png(chunk('IHDR', header(28, 28, 8, 0), true), chunk('IDAT', z), IEND()),
      png(chunk('IHDR', header(28, 28, 8, 0)), chunk('IDAT', z, true), IEND()),
      png(chunk('IHDR', header(28, 28, 8, 0)), chunk('IDAT', z), chunk('IEND', Buffer.alloc(0), true)),
      png(chunk('IHDR', header(28, 28, 8, 0)), IEND()),
      png(chunk('IDAT', z), chunk('IHDR', header(28, 28, 8, 0)), IEND()),
      digit({ ihdr: header(0, 28, 8, 0) }),
      digit({ ihdr: Buffer.concat([header(28, 28, 8, 0).subarray(0, 10), Buffer.from([1, 0, 0])]) }),
      digit({ data: z.subarray(0, z.length - 8) }),
      digit({ data: badAdler }),
      digit({ data: Buffer.concat([z, Buffer.from([1, 2, 3])]) }),
      digit({ data: deflateSync(raw.subarray(0, raw.length - 29)) }),
      digit({ data: deflateSync(Buffer.concat([raw, Buffer.alloc(29)])) }),
      digit({ data: deflateSync(badFilter) }),
      digit({ data: deflateSync(raw, { dictionary: Buffer.from('preset') }) })
    ]
    for (const buf of damaged) expect(decodePlainPng(buf, 256)).toBeNull()
  })
})
