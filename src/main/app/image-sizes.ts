import sharp from 'sharp'
import type { ImageSize } from '../engine/features/image-defaults'

/** Files whose headers are read to learn a dataset's image sizes: enough for a stable median. */
export const SIZE_SAMPLE = 64

/**
 * The sizes of up to `sample` of these image files, spread evenly over the list, read from their
 * headers alone (no pixels are decoded). Files that cannot be read are left out; the import reports
 * them when it decodes them.
 */
export async function sampleImageSizes(paths: readonly string[], sample = SIZE_SAMPLE): Promise<ImageSize[]> {
  const step = Math.max(1, paths.length / sample)
  const picked: string[] = []
  for (let i = 0; i < paths.length && picked.length < sample; i += step) picked.push(paths[Math.floor(i)]!)
  const sizes = await Promise.all(
    picked.map(async (path) => {
      try {
        const meta = await sharp(path).metadata()
        // Width and height as shown: EXIF orientations 5–8 turn the image a quarter.
        const turned = (meta.orientation ?? 1) >= 5
        return meta.width && meta.height ? { width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height } : null
      } catch {
        return null
      }
    })
  )
  return sizes.filter((s): s is ImageSize => s !== null)
}
