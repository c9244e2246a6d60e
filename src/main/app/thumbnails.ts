import { existsSync, readFileSync } from 'node:fs'
import { thumbnailPath } from '../engine/io/decode'
import { sniffImageFormat } from '../engine/io/sniff'

/**
 * The thumbnail file of an item, or null. The request names an item id and nothing else: the
 * path is built from the hash the library holds, so no request can reach a file outside the cache.
 */
export function thumbnailFileForRequest(idText: string, lookup: (id: number) => string | undefined, dir: string): string | null {
  if (!/^[1-9][0-9]{0,15}$/.test(idText) || !Number.isSafeInteger(Number(idText))) return null
  const hash = lookup(Number(idText))
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return null
  const file = thumbnailPath(dir, hash)
  return existsSync(file) ? file : null
}

/** A thumbnail's bytes and type, told by content: a WebP, or a small image's own PNG/JPEG/GIF/WebP bytes. */
export function readThumbnail(file: string): { body: Buffer; type: string } {
  const body = readFileSync(file)
  const format = sniffImageFormat(body.subarray(0, 16))
  return { body, type: format ? `image/${format}` : 'application/octet-stream' }
}
