import sharp from 'sharp'
import { join } from 'node:path'
import type { ItemDetail } from '../../shared/contract'
import { NotFoundError } from './errors'
import type { Library } from './library'
import { ensurePreview } from './previews'
import { thumbnailFileForRequest } from './thumbnails'

/** An item id as a URL carries it: plain decimal digits that a double holds exactly, or null. */
export function itemIdFromText(idText: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(idText)) return null
  const id = Number(idText)
  return Number.isSafeInteger(id) ? id : null
}

/** The source file of an item, when its dataset is a folder of image files. */
function sourceFile(lib: Library, item: { datasetId: number; relPath: string }): string | null {
  const dataset = lib.datasets.get(item.datasetId)
  return dataset?.source.type === 'folder' ? join(dataset.root, ...item.relPath.split('/')) : null
}

/** Everything the viewer shows about one item. */
export async function itemDetail(lib: Library, id: number): Promise<ItemDetail> {
  const item = lib.items.get(id)
  if (!item) throw new NotFoundError(`There is no item ${id}; it may have been removed with its dataset.`)
  const absPath = sourceFile(lib, item)
  const readable = item.status === 'ok' || item.status === 'partial'
  if (absPath && readable && (item.width === null || item.height === null)) {
    // Libraries imported before sizes were stored: the header alone tells, no pixels decoded.
    try {
      const meta = await sharp(absPath).metadata()
      const turned = (meta.orientation ?? 1) >= 5
      return { ...item, absPath, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height }
    } catch {
      // The viewer says the size is unknown; the preview request reports what is wrong with the file.
    }
  }
  return { ...item, absPath }
}

/**
 * The file to serve as an item's large image, or null when the id names no readable item. Items
 * without an image file of their own (IDX digits) are as large as their thumbnail already.
 * Throws PreviewError when the preview cannot be made.
 */
export async function previewFileForRequest(lib: Library, idText: string): Promise<string | null> {
  const id = itemIdFromText(idText)
  if (id === null) return null
  const item = lib.items.get(id)
  if (!item || (item.status !== 'ok' && item.status !== 'partial') || !item.hash) return null
  const file = sourceFile(lib, item)
  if (!file) return thumbnailFileForRequest(idText, (n) => lib.items.thumbnailHash(n), lib.thumbnailDir)
  return ensurePreview({ file, hash: item.hash }, { dir: lib.thumbnailDir, limitInputPixels: lib.decodeOptions().limitInputPixels })
}
