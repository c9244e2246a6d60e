import sharp, { type Sharp } from 'sharp'
import { readFile, stat } from 'node:fs/promises'
import type { RawImage } from '../features/raw-image'

/**
 * Longest side of the pixels a feature method starts from. Features are computed from the image
 * shrunk (never enlarged) to fit this square, the same pixels the import's thumbnail is made of,
 * so an import can compute the default features from the pixels it already decoded, and a features
 * job on the files later gives the very same vectors. JPEGs then decode at reduced scale, which is
 * several times faster than a full decode of a photo.
 */
export const FEATURE_SOURCE_SIZE = 256

/** The source size a method's own resize needs: at least twice its target, so shrinking stays sharp. */
export function featureSourceSize(params: object): number {
  const size = (params as { size?: unknown }).size
  return typeof size === 'number' ? Math.max(FEATURE_SOURCE_SIZE, 2 * size) : FEATURE_SOURCE_SIZE
}

export interface FeaturePixelOptions {
  sourceSize: number
  limitInputPixels: number
  maxFileBytes: number
}

/**
 * Decodes an image file for feature extraction: EXIF orientation applied, shrunk to fit
 * `sourceSize`, 8 bits per channel. Lenient, as the import already told the user which files were
 * damaged; throws with a reason for a file that cannot be decoded at all.
 */
export async function readFeaturePixels(absPath: string, options: FeaturePixelOptions): Promise<RawImage> {
  const st = await stat(absPath)
  if (st.size > options.maxFileBytes) throw new Error(`The file is larger than the limit of ${options.maxFileBytes} bytes.`)
  const buf = await readFile(absPath)
  const image = sharp(buf, { failOn: 'none', limitInputPixels: options.limitInputPixels, autoOrient: true, pages: 1 })
  return shrinkToRaw(image, options.sourceSize)
}

/** The pixels of a sharp pipeline shrunk to fit `size`, as a RawImage. */
export async function shrinkToRaw(image: Sharp, size: number): Promise<RawImage> {
  const { data, info } = await image
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, channels: info.channels, data }
}
