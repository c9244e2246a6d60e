import { existsSync } from 'node:fs'
import { thumbnailPath } from '../engine/io/decode'

/**
 * The thumbnail file of an item, or null. The request names an item id and nothing else: the
 * path is built from the hash the library holds, so no request can reach a file outside the cache.
 */
export function thumbnailFileForRequest(idText: string, lookup: (id: number) => string | undefined, dir: string): string | null {
  if (!/^[1-9][0-9]{0,15}$/.test(idText)) return null
  const hash = lookup(Number(idText))
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return null
  const file = thumbnailPath(dir, hash)
  return existsSync(file) ? file : null
}
