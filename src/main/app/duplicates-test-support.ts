/**
 * A small folder of distinct colour textures with planted near copies (resized, recompressed,
 * brightened, slightly cropped), for the tests of the near-duplicate search.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { seededRandom } from '../engine/random'

/** A colour texture of its own for every seed: a gradient under a few soft blobs, with grain. */
export async function texturePng(seed: number, width = 96, height = 72): Promise<Buffer> {
  const random = seededRandom(seed)
  const rgb = (): number[] => [random() * 255, random() * 255, random() * 255]
  const [a, b] = [rgb(), rgb()]
  const blobs = Array.from({ length: 4 }, () => ({ x: random() * width, y: random() * height, r: (0.1 + random() * 0.3) * height, c: rgb() }))
  const data = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = x / width
      for (let c = 0; c < 3; c++) {
        let v = a[c]! * (1 - t) + b[c]! * t
        for (const blob of blobs) {
          const k = 0.8 * Math.exp(-((x - blob.x) ** 2 + (y - blob.y) ** 2) / (2 * blob.r * blob.r))
          v = v * (1 - k) + blob.c[c]! * k
        }
        data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v + (random() - 0.5) * 10)))
      }
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer()
}

/** A near copy: shrunk, brightened, saved as JPEG; `crop` also cuts 4 % off the left and top. */
export async function nearCopyJpeg(png: Buffer, crop = false): Promise<Buffer> {
  let image = sharp(png)
  if (crop) {
    const { width, height } = await image.metadata()
    image = sharp(await image.extract({ left: Math.round(width! * 0.04), top: Math.round(height! * 0.04), width: width! - Math.round(width! * 0.04), height: height! - Math.round(height! * 0.04) }).toBuffer())
  }
  return image.resize({ width: 70 }).modulate({ brightness: 1.1 }).jpeg({ quality: 60 }).toBuffer()
}

export interface PlantedFolder {
  /** Relative paths, by planted group: the original first. */
  groups: string[][]
  /** Originals with no copy. */
  singles: string[]
  /** Two byte-identical files. */
  exact: [string, string]
}

/**
 * Writes `distinct` textures under `root`/originals and, for the first three, near copies under
 * `root`/copies (two copies of the first); one more original is also copied byte for byte.
 */
export async function writePlantedFolder(root: string, distinct = 12, seed = 1): Promise<PlantedFolder> {
  mkdirSync(join(root, 'originals'), { recursive: true })
  mkdirSync(join(root, 'copies'), { recursive: true })
  const names: string[] = []
  for (let i = 0; i < distinct; i++) {
    const png = await texturePng(seed * 1000 + i)
    const name = `originals/t${String(i).padStart(2, '0')}.png`
    writeFileSync(join(root, name), png)
    names.push(name)
  }
  const groups: string[][] = []
  for (let g = 0; g < 3; g++) {
    const png = await texturePng(seed * 1000 + g)
    const copies = g === 0 ? [`copies/c${g}-a.jpg`, `copies/c${g}-b.jpg`] : [`copies/c${g}-a.jpg`]
    for (const [k, name] of copies.entries()) writeFileSync(join(root, name), await nearCopyJpeg(png, k === 1 || g === 2))
    groups.push([names[g]!, ...copies])
  }
  const last = names[distinct - 1]!
  const exact: [string, string] = [last, 'copies/same-bytes.png']
  writeFileSync(join(root, exact[1]), await texturePng(seed * 1000 + distinct - 1))
  return { groups, singles: names.slice(3, distinct - 1), exact }
}
