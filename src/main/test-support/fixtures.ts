import { seededRandom } from '../engine/random'
import sharp, { type Sharp } from 'sharp'
import { deflateSync } from 'node:zlib'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'


export function noisePixels(width: number, height: number, channels: 1 | 3, seed: number): Buffer {
  const rnd = seededRandom(seed)
  const buf = Buffer.alloc(width * height * channels)
  for (let i = 0; i < buf.length; i++) buf[i] = Math.floor(rnd() * 256)
  return buf
}

export function noiseImage(width: number, height: number, seed: number): Sharp {
  return sharp(noisePixels(width, height, 3, seed), { raw: { width, height, channels: 3 } })
}

export function writeBytes(path: string, bytes: Uint8Array | string): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, bytes)
  return path
}

function crc32(buf: Buffer): number {
  let c = ~0
  for (const byte of buf) {
    c ^= byte
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A valid-looking PNG whose header claims width × height pixels while holding almost no data. */
export function pngClaimingSize(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** A JPEG of noise cut off half-way: the decoder meets the end of the data in the middle of the scan. */
export async function truncatedJpeg(): Promise<Buffer> {
  const full = await noiseImage(384, 384, 7).jpeg({ quality: 90 }).toBuffer()
  return full.subarray(0, Math.floor(full.length * 0.55))
}

/** The broken and odd files a researcher's folder can hold, with the status each must get. */
export async function writeBrokenFixtures(root: string): Promise<Record<string, 'ok' | 'partial' | 'error'>> {
  writeBytes(join(root, 'broken', 'truncated.jpg'), await truncatedJpeg())
  writeBytes(join(root, 'broken', 'zero-bytes.jpg'), new Uint8Array(0))
  writeBytes(join(root, 'broken', 'notes-named.png'), 'These are my notes, not a picture.\n')
  writeBytes(join(root, 'broken', 'huge-header.png'), pngClaimingSize(30000, 30000))
  const long = `${'a-very-long-file-name-'.repeat(10)}end.png`
  writeBytes(join(root, 'odd names', 'über café ☕ 猫.png'), await noiseImage(24, 24, 3).png().toBuffer())
  writeBytes(join(root, 'odd names', long), await noiseImage(24, 24, 4).png().toBuffer())
  return {
    'broken/truncated.jpg': 'partial',
    'broken/zero-bytes.jpg': 'error',
    'broken/notes-named.png': 'error',
    'broken/huge-header.png': 'error',
    'odd names/über café ☕ 猫.png': 'ok',
    [`odd names/${long}`]: 'ok'
  }
}
