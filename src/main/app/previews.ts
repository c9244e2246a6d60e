import sharp from 'sharp'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * The large image of the viewer. Browsers cannot show every format the app imports (TIFF), and an
 * original may be a 100-megapixel scan, so the viewer gets a WebP of at most this many pixels on its
 * long side, turned upright by its EXIF orientation, cached beside the thumbnails by content hash.
 */
export const PREVIEW_SIZE = 1600

/** A preview could not be made; the message says why, in words for the user. */
export class PreviewError extends Error {
  override name = 'preview-failed'
}

export interface PreviewSource {
  /** The original file. */
  file: string
  /** Its content hash as the library holds it: the cache key. */
  hash: string
}

export interface PreviewOptions {
  /** Cache folder (the thumbnails' folder). */
  dir: string
  /** Largest width × height the decoder accepts, as for the import. */
  limitInputPixels: number
  size?: number
}

export function previewPath(dir: string, hash: string): string {
  return join(dir, hash.slice(0, 2), `${hash}.preview.webp`)
}

/** Previews being made, by cache file: two requests for one image make it once. */
const making = new Map<string, Promise<string>>()

/**
 * The cached preview of a file, made first if needed. sharp decodes on libuv's threads, off the
 * main JavaScript thread; only files the import already decoded (status ok or partial) get here.
 */
export function ensurePreview(source: PreviewSource, options: PreviewOptions): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(source.hash)) return Promise.reject(new PreviewError('This item has no content hash: import its folder again.'))
  const target = previewPath(options.dir, source.hash)
  if (existsSync(target)) return Promise.resolve(target)
  let pending = making.get(target)
  if (!pending) {
    pending = makePreview(source, target, options).finally(() => making.delete(target))
    making.set(target, pending)
  }
  return pending
}

async function makePreview(source: PreviewSource, target: string, options: PreviewOptions): Promise<string> {
  let buf: Buffer
  try {
    buf = await readFile(source.file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new PreviewError(
      code === 'ENOENT'
        ? `The file is no longer at ${source.file}: import its folder again.`
        : `The file cannot be read (${code ?? (err as Error).message}): check its permissions.`
    )
  }
  // The cache is keyed by the hash the library holds: a file changed since its import would be
  // stored under its old content's name and shown for it.
  if (createHash('sha256').update(buf).digest('hex') !== source.hash) {
    throw new PreviewError('The file has changed since it was imported: import its folder again to see it.')
  }
  const size = options.size ?? PREVIEW_SIZE
  let webp: Buffer
  try {
    // Lenient, as the import's second try: a file the import marked partial still shows.
    webp = await sharp(buf, { failOn: 'none', limitInputPixels: options.limitInputPixels, autoOrient: true, pages: 1 })
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82, effort: 2 })
      .toBuffer()
  } catch (err) {
    const reason = ((err as Error).message ?? String(err)).replace(/\s+/g, ' ').replace(/[\s:;,]+$/, '').trim()
    throw new PreviewError(`The image cannot be decoded for viewing: ${reason || 'the decoder gave no reason'}.`)
  }
  // For the user alone, as the thumbnails: a preview shows a file only its owner may be able to read.
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
  // Written aside and renamed, so a crash never leaves half a preview under the final name.
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  writeFileSync(tmp, webp, { mode: 0o600 })
  renameSync(tmp, target)
  return target
}
