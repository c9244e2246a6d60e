import { crc32, inflateSync } from 'node:zlib'
import type { RawImage } from '../features/raw-image'

/**
 * A decoder for the plainest PNGs only: 8 bits per sample, gray, gray + alpha, RGB or RGBA, not
 * interlaced, with no chunk but IHDR, pHYs, IDAT and IEND, every checksum right and not a byte
 * out of place. Datasets of small images (MNIST and its like, written by PIL, OpenCV or sharp) are
 * such files. It gives exactly the pixels sharp gives (sharp's raw 8-bit output, which is sRGB:
 * gray comes out as three equal channels, gray + alpha as four), and gives up (null) on anything
 * else, so that sharp decodes it as before: palette and 16-bit images, transparency, gamma and
 * colour profiles, EXIF orientation, text, damage.
 *
 * Written here rather than left to sharp because an import of small images is made of them, and
 * sharp spends most of a millisecond on any call (two per file: header, then pixels), while this
 * takes tens of microseconds on a 28 × 28 digit; Node's zlib does the inflating.
 */
export function decodePlainPng(buf: Uint8Array, maxSide: number): RawImage | null {
  if (buf.length < 8 + 25 + 12 + 12) return null
  for (let i = 0; i < 8; i++) if (buf[i] !== SIGNATURE[i]) return null
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  let width = 0
  let height = 0
  let channels = 0
  const idat: Uint8Array[] = []
  /** 0: expects IHDR; 1: before the image data; 2: in the IDAT run, which only IEND may end. */
  let stage = 0
  let physSeen = false
  let at = 8
  for (;;) {
    if (at + 12 > buf.length) return null
    const length = view.getUint32(at)
    if (length > buf.length - at - 12) return null
    const type = view.getUint32(at + 4)
    const data = buf.subarray(at + 8, at + 8 + length)
    if (crc32(buf.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) return null
    at += 12 + length
    if (stage === 0) {
      if (type !== IHDR || length !== 13) return null
      width = view.getUint32(16)
      height = view.getUint32(20)
      const [depth, colour, compression, filter, interlace] = data.subarray(8, 13)
      if (width === 0 || height === 0 || width > maxSide || height > maxSide) return null
      if (depth !== 8 || compression !== 0 || filter !== 0 || interlace !== 0) return null
      channels = CHANNELS[colour!] ?? 0
      if (channels === 0) return null
      stage = 1
    } else if (type === IDAT) {
      stage = 2
      idat.push(data)
    } else if (type === IEND) {
      // The last chunk, empty, with nothing after it.
      if (stage !== 2 || length !== 0 || at !== buf.length) return null
      break
    } else if (type === PHYS && stage === 1 && !physSeen) {
      // Pixel size, once: no bearing on the pixels; its unit is 0 (unknown) or 1 (metre).
      if (length !== 9 || data[8]! > 1) return null
      physSeen = true
    } else {
      return null
    }
  }
  const stride = width * channels
  const expected = (stride + 1) * height
  const stream = idat.length === 1 ? idat[0]! : Buffer.concat(idat)
  let filtered: Buffer
  try {
    // One byte more than a whole image may hold: a stream that inflates to more is refused.
    const inflated = inflateSync(stream, { maxOutputLength: expected + 1, info: true }) as unknown as InflateResult
    // Bytes after the end of the compressed stream are refused too.
    if (inflated.engine.bytesWritten !== stream.length) return null
    filtered = inflated.buffer
  } catch {
    return null
  }
  if (filtered.length !== expected) return null
  const pixels = unfilter(filtered, width, height, channels)
  if (!pixels) return null
  if (channels > 2) return { width, height, channels, data: pixels }
  return { width, height, channels: channels + 2, data: grayToRgb(pixels, width * height, channels === 2) }
}

/** What `inflateSync` gives with `info: true`: the bytes, and the engine that counted its input. */
interface InflateResult {
  buffer: Buffer
  engine: { bytesWritten: number }
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const IHDR = 0x49484452
const IDAT = 0x49444154
const IEND = 0x49454e44
const PHYS = 0x70485973
/** Channels of each colour type taken: 0 gray, 2 RGB, 4 gray + alpha, 6 RGBA (3, palette, is not). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 }

/** Gray (with its alpha) as sRGB (with it), the way libvips turns one into the other: the value thrice. */
function grayToRgb(gray: Uint8Array, pixels: number, alpha: boolean): Buffer {
  const out = Buffer.allocUnsafe(pixels * (alpha ? 4 : 3))
  if (alpha) {
    for (let i = 0, o = 0; i < pixels * 2; i += 2, o += 4) {
      const v = gray[i]!
      out[o] = v
      out[o + 1] = v
      out[o + 2] = v
      out[o + 3] = gray[i + 1]!
    }
  } else {
    for (let i = 0, o = 0; i < pixels; i++, o += 3) {
      const v = gray[i]!
      out[o] = v
      out[o + 1] = v
      out[o + 2] = v
    }
  }
  return out
}

/** Undoes the per-row filters (PNG spec, section 9) into a new buffer; null for an unknown filter. */
function unfilter(src: Uint8Array, width: number, height: number, channels: number): Buffer | null {
  const stride = width * channels
  const out = Buffer.allocUnsafe(stride * height)
  const bpp = channels
  for (let y = 0; y < height; y++) {
    const filter = src[y * (stride + 1)]!
    const s = y * (stride + 1) + 1
    const o = y * stride
    const p = o - stride
    switch (filter) {
      case 0:
        out.set(src.subarray(s, s + stride), o)
        break
      case 1:
        for (let x = 0; x < bpp; x++) out[o + x] = src[s + x]!
        for (let x = bpp; x < stride; x++) out[o + x] = (src[s + x]! + out[o + x - bpp]!) & 255
        break
      case 2:
        if (y === 0) out.set(src.subarray(s, s + stride), o)
        else for (let x = 0; x < stride; x++) out[o + x] = (src[s + x]! + out[p + x]!) & 255
        break
      case 3:
        for (let x = 0; x < stride; x++) {
          const left = x >= bpp ? out[o + x - bpp]! : 0
          const up = y > 0 ? out[p + x]! : 0
          out[o + x] = (src[s + x]! + ((left + up) >> 1)) & 255
        }
        break
      case 4:
        for (let x = 0; x < stride; x++) {
          const a = x >= bpp ? out[o + x - bpp]! : 0
          const b = y > 0 ? out[p + x]! : 0
          const c = x >= bpp && y > 0 ? out[p + x - bpp]! : 0
          const pa = Math.abs(b - c)
          const pb = Math.abs(a - c)
          const pc = Math.abs(a + b - 2 * c)
          out[o + x] = (src[s + x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255
        }
        break
      default:
        return null
    }
  }
  return out
}
