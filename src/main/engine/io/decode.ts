import sharp from 'sharp'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { sniffImageFormat, type ImageFormat } from './sniff'
import { decodePlainPng } from './png-decode'
import { featureMethod, type FeatureParams } from '../features'
import type { RawImage } from '../features/raw-image'

export interface DecodeOptions {
  /** Largest width × height the decoder accepts; larger images are refused, not decoded. */
  limitInputPixels: number
  /** Files above this many bytes are refused before they are read. */
  maxFileBytes: number
  /** Longest side of a thumbnail, in pixels. */
  thumbnailSize: number
  /**
   * Cache folder; thumbnails are `<dir>/<hash[0..2]>/<hash>.thumb`: a WebP of at most
   * `thumbnailSize` pixels, or the file's own bytes when it is already that small (the type is
   * told by content when served).
   */
  thumbnailDir: string
  /**
   * A feature method to compute from the thumbnail's pixels while the image is decoded anyway
   * (its source size must be `thumbnailSize`; see feature-pixels.ts).
   */
  features?: { method: string; params: FeatureParams }
}

export const DEFAULT_DECODE_OPTIONS: Omit<DecodeOptions, 'thumbnailDir'> = {
  // 268 million pixels is sharp's own default: a 16384 × 16384 scan still opens, a decompression bomb does not.
  limitInputPixels: 268_402_689,
  maxFileBytes: 1024 * 1024 * 1024,
  thumbnailSize: 256
}

export interface DecodedFile {
  hash: string | null
  format: ImageFormat | null
  /** Size as displayed, EXIF orientation applied. */
  width: number | null
  height: number | null
  status: 'ok' | 'partial' | 'error'
  reason: string | null
  /** The vector of `options.features`, when asked for and the image could be decoded. */
  vector?: Float32Array
}

/** The formats the decoder reads; BMP is recognised but refused with its own reason. */
const FORMAT_NAMES = 'JPEG, PNG, WebP, GIF or TIFF'

export function thumbnailPath(dir: string, hash: string): string {
  return join(dir, hash.slice(0, 2), `${hash}.thumb`)
}

/**
 * Reads one file, recognises its type by content, decodes it (strictly first; leniently as a
 * second try, marked partial), applies the EXIF orientation and writes a WebP thumbnail keyed by
 * content hash. Never throws for a bad file: the reason is in the result.
 */
export async function decodeImageFile(absPath: string, options: DecodeOptions): Promise<DecodedFile> {
  const fail = (reason: string, hash: string | null = null, format: ImageFormat | null = null): DecodedFile => ({
    hash, format, width: null, height: null, status: 'error', reason
  })
  let buf: Buffer
  try {
    // Synchronous for a small file: this runs in a worker thread, where the two trips through
    // libuv's thread pool of an asynchronous stat and read cost more than reading the file.
    const st = statSync(absPath)
    if (st.size > options.maxFileBytes) {
      return fail(`File is too large to import (${formatBytes(st.size)}; the limit is ${formatBytes(options.maxFileBytes)}).`)
    }
    buf = st.size <= SYNC_READ_BYTES ? readFileSync(absPath) : await readFile(absPath)
  } catch (err) {
    return fail(readReason(err))
  }
  if (buf.length === 0) return fail('Empty file (0 bytes).')
  const hash = createHash('sha256').update(buf).digest('hex')
  const format = sniffImageFormat(buf.subarray(0, 16))
  if (format === null) return fail(`Not an image: the content is not ${FORMAT_NAMES}.`, hash)
  if (format === 'bmp') return fail('BMP images are not supported by the decoder: convert them to PNG to import them.', hash, format)

  // A small plain PNG is decoded here, to the very pixels sharp gives, and is its own thumbnail;
  // anything else (or anything odd) goes to sharp.
  const plain = format === 'png' ? decodePlainPng(buf, options.thumbnailSize) : null
  if (plain && plain.width * plain.height <= options.limitInputPixels) {
    const vector = options.features ? featureMethod(options.features.method).extract(plain, options.features.params) : undefined
    storeThumbnail(options.thumbnailDir, hash, buf)
    return { hash, format, width: plain.width, height: plain.height, status: 'ok', reason: null, ...(vector && { vector }) }
  }

  try {
    const { vector, ...dims } = await writeThumbnail(buf, hash, format, 'warning', options)
    return { hash, format, ...dims, status: 'ok', reason: null, ...(vector && { vector }) }
  } catch (strictErr) {
    const strictReason = decodeReason(strictErr, options)
    if (isFinal(strictErr)) return fail(strictReason, hash, format)
    try {
      const { vector, ...dims } = await writeThumbnail(buf, hash, format, 'none', options)
      return { hash, format, ...dims, status: 'partial', reason: `Damaged file, decoded leniently: ${strictReason}`, ...(vector && { vector }) }
    } catch (lenientErr) {
      return fail(`Cannot decode this ${format.toUpperCase()} file: ${decodeReason(lenientErr, options)}`, hash, format)
    }
  }
}

/** Formats every renderer displays as they are, so a small image is its own thumbnail. */
const DISPLAYABLE: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'webp', 'gif'])

async function writeThumbnail(
  buf: Buffer,
  hash: string,
  format: ImageFormat,
  failOn: 'warning' | 'none',
  options: DecodeOptions
): Promise<{ width: number; height: number; vector?: Float32Array }> {
  // The header alone says how large the image is: a decompression bomb is refused before decoding,
  // so this instance needs no pixel limit of its own.
  const image = sharp(buf, { failOn, limitInputPixels: false, autoOrient: true, pages: 1 })
  const meta = await image.metadata()
  const width = meta.autoOrient?.width ?? meta.width
  const height = meta.autoOrient?.height ?? meta.height
  if (width * height > options.limitInputPixels) throw new PixelLimitError(width, height)
  const size = options.thumbnailSize
  let thumb: Buffer
  let pixels: RawImage | null = null
  if (width <= size && height <= size && (meta.orientation ?? 1) === 1 && DISPLAYABLE.has(format) && (meta.pages ?? 1) === 1) {
    // Already thumbnail-sized and upright: decode to check it, and keep the file's own bytes.
    const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
    pixels = { width: info.width, height: info.height, channels: info.channels, data }
    thumb = buf
  } else if (options.features) {
    // Shrunk once to raw pixels: the features start from them, and the thumbnail is encoded from them.
    const { data, info } = await image
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    pixels = { width: info.width, height: info.height, channels: info.channels, data }
    thumb = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).webp({ quality: 80, effort: 2 }).toBuffer()
  } else {
    thumb = await image.resize(size, size, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80, effort: 2 }).toBuffer()
  }
  const vector = options.features && pixels ? featureMethod(options.features.method).extract(pixels, options.features.params) : undefined
  storeThumbnail(options.thumbnailDir, hash, thumb)
  return vector ? { width, height, vector } : { width, height }
}

/** Writes a thumbnail under its content hash, unless it is there already. */
function storeThumbnail(dir: string, hash: string, thumb: Buffer): void {
  const target = thumbnailPath(dir, hash)
  if (existsSync(target)) return
  const folder = dirname(target)
  if (!knownFolders.has(folder)) {
    // For the user alone: a thumbnail shows a file that may sit in a folder only its owner can read.
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    knownFolders.add(folder)
  }
  // Written aside and renamed, so a killed import never leaves half a thumbnail under the final name.
  // Synchronous on purpose: this runs in a worker thread, and the write is small.
  const tmp = `${target}.${process.pid}.${threadId}.tmp`
  writeFileSync(tmp, thumb, { mode: 0o600 })
  renameSync(tmp, target)
}

/** Files up to this size are read synchronously (see decodeImageFile). */
const SYNC_READ_BYTES = 1024 * 1024

const knownFolders = new Set<string>()

class PixelLimitError extends Error {
  constructor(readonly width: number, readonly height: number) {
    super(`${width} × ${height} pixels`)
  }
}

/** Errors a lenient second try cannot mend. */
function isFinal(err: unknown): boolean {
  return err instanceof PixelLimitError || /pixel limit/i.test((err as Error).message ?? '')
}

function decodeReason(err: unknown, options: DecodeOptions): string {
  if (err instanceof PixelLimitError || /pixel limit/i.test((err as Error).message ?? '')) {
    const dims = err instanceof PixelLimitError ? `${err.width} × ${err.height} pixels ` : ''
    return (
      `Image is too large: ${dims}exceeds the limit of ${options.limitInputPixels.toLocaleString('en')} pixels. ` +
      'Raise the pixel limit (--max-pixels) to import it.'
    )
  }
  const message = ((err as Error).message ?? String(err)).replace(/\s+/g, ' ').trim()
  // libvips repeats the same warning once per pass over the file; say each thing once.
  const parts = [...new Set(message.split(/(?=\bVips\w+: )/).map((p) => p.trim()))]
  // sharp ends some messages on a colon with nothing after it ("Input buffer has corrupt header: ").
  const text = parts.join(' ').replace(/[\s:;,]+$/, '')
  if (text === '') return 'the decoder gave no reason'
  return text.length > 300 ? `${text.slice(0, 297)}...` : text
}

function readReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return 'File cannot be read: permission denied.'
  if (code === 'ENOENT') return 'The file vanished during the import.'
  if (code === 'EISDIR') return 'This is a folder, not a file.'
  return `File cannot be read: ${(err as Error).message}`
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`
  return `${n} bytes`
}
