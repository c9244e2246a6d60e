/**
 * The images a model trains on or embeds, read in its thread: each file decoded as a feature
 * job reads it (readFeaturePixels: orientation applied, shrunk, decoder limits), then stretched to
 * the model's square input and made grey or colour, as floats in [0, 1].
 */
import sharp from 'sharp'
import { readFeaturePixels } from '../engine/io/feature-pixels'

export interface ReadImages {
  /** [read, side, side, channels], row-major. */
  data: Float32Array
  /** Indices of the files read, in order. */
  read: Int32Array
  failures: { index: number; reason: string }[]
}

export interface ReadOptions {
  side: number
  channels: 1 | 3
  limitInputPixels: number
  maxFileBytes: number
  onProgress?(done: number, total: number): void
  stopped?(): boolean
}

async function pixels(file: string, o: ReadOptions): Promise<Uint8Array> {
  // Shrunk first to twice the side at most: stretching a large photo straight to 28 px would alias.
  const raw = await readFeaturePixels(file, { sourceSize: Math.max(2 * o.side, 8), limitInputPixels: o.limitInputPixels, maxFileBytes: o.maxFileBytes })
  let image = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels as 1 | 2 | 3 | 4 } }).resize(o.side, o.side, { fit: 'fill' })
  image = o.channels === 1 ? image.flatten({ background: '#ffffff' }).grayscale() : image.flatten({ background: '#ffffff' }).toColourspace('srgb')
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true })
  if (info.channels === o.channels) return data
  // A grey source asked for in colour: the same value in each channel.
  const out = new Uint8Array(o.side * o.side * o.channels)
  for (let i = 0; i < o.side * o.side; i++) for (let c = 0; c < o.channels; c++) out[i * o.channels + c] = data[i * info.channels + Math.min(c, info.channels - 1)]!
  return out
}

export async function readImages(files: readonly string[], o: ReadOptions): Promise<ReadImages> {
  const size = o.side * o.side * o.channels
  const data = new Float32Array(files.length * size)
  const read: number[] = []
  const failures: ReadImages['failures'] = []
  for (let i = 0; i < files.length; i++) {
    if (o.stopped?.()) break
    try {
      const bytes = await pixels(files[i]!, o)
      const at = read.length * size
      for (let k = 0; k < size; k++) data[at + k] = bytes[k]! / 255
      read.push(i)
    } catch (err) {
      failures.push({ index: i, reason: (err as Error).message })
    }
    o.onProgress?.(i + 1, files.length)
  }
  return { data: data.subarray(0, read.length * size), read: Int32Array.from(read), failures }
}
