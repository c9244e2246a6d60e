/**
 * The images a model trains on or embeds, read in its thread: each file decoded as a feature
 * job reads it (readFeaturePixels: orientation applied, shrunk, decoder limits), then stretched to
 * the model's square input and made grey or colour, as floats in [0, 1]. A model that learns from a
 * feature set reads its rows instead (readMatrix).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { writeFileAtomic } from '../engine/nn/atomic-file'
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

/**
 * Where a model trained on a feature set keeps the standardisation of its input: the mean and
 * 1/std of each column of the training matrix, as JSON (exact for doubles), so that embedding
 * later, after new items were added, scales their vectors exactly as training did.
 */
export const INPUT_SCALE_FILE = 'input-scale.json'

export interface InputScale {
  mean: number[]
  scale: number[]
}

/** Column means and inverse standard deviations (population, as StandardScaler); a constant column keeps scale 1. */
export function scaleOf(data: Float32Array, rows: number, cols: number): InputScale {
  const mean = new Float64Array(cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += data[r * cols + c]!
  for (let c = 0; c < cols; c++) mean[c]! /= Math.max(1, rows)
  const variance = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const t = data[r * cols + c]! - mean[c]!
      variance[c]! += t * t
    }
  }
  const scale = Array.from(variance, (v) => {
    const sd = Math.sqrt(v / Math.max(1, rows))
    return sd > 1e-12 ? 1 / sd : 1
  })
  return { mean: Array.from(mean), scale }
}

/**
 * The rows of a feature matrix as a model reads them, standardised per column (z-score): feature
 * sets mix scales (HOG in [0, 1], imported columns in any unit), and a dense network's first layer
 * trains stably only on inputs of similar spread. Training computes the scale and writes it to the
 * model's folder; embedding reads it back (`fit` false), so the same vector always gets the same input.
 */
export async function readMatrix(matrix: { data: Float32Array; cols: number }, dir: string, fit: boolean): Promise<ReadImages> {
  const { data, cols } = matrix
  const rows = cols === 0 ? 0 : data.length / cols
  const file = join(dir, INPUT_SCALE_FILE)
  let s: InputScale
  if (fit) {
    s = scaleOf(data, rows, cols)
    await writeFileAtomic(file, JSON.stringify(s))
  } else {
    s = JSON.parse(await readFile(file, 'utf8')) as InputScale
    if (s.mean.length !== cols) throw new Error(`The model learned from ${s.mean.length} values per item, and these vectors have ${cols}: embed with the feature set it was trained on.`)
  }
  const out = new Float32Array(rows * cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = (data[r * cols + c]! - s.mean[c]!) * s.scale[c]!
  return { data: out, read: Int32Array.from({ length: rows }, (_, i) => i), failures: [] }
}
