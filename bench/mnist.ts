/**
 * MNIST for the benchmarks: the digits (test first, then training), their features as the
 * `cluster` benchmark computes them, and the 2-D UMAP layout of the HOG features that the
 * `dbscan` benchmark clusters, made once with the app's default reduction and kept in bench/.data.
 */
import { existsSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { readMnist, type IdxImages } from '../scripts/mnist.mjs'
import { FEATURE_METHODS } from '../src/main/engine/features'
import { DEFAULT_PIPELINE, runPipeline, type NeighbourSearch } from '../src/main/engine/pipeline'
import { STAGE_VERSION } from '../src/main/engine/pipeline-cache'
import type { Matrix } from '../src/main/engine/search/types'
import { dataDir } from './harness'

export const MNIST_TOTAL = 70_000
/** HOG for 28-pixel digits (see cluster.ts): 56 × 56, 8-pixel cells, 3 × 3-cell blocks. */
export const HOG_PARAMS = { size: 56, cell: 8, block: 3, bins: 9, norm: 'L2-Hys', transformSqrt: false } as const

/** The first `size` digits of test then training, one byte a pixel, with their labels. */
export function loadDigits(size: number): { pixels: Uint8Array; labels: Uint8Array; rows: number; cols: number } {
  const test = readMnist('test')
  if (size <= test.images.count) return { pixels: take(test.images, size), labels: test.labels.slice(0, size), rows: test.images.rows, cols: test.images.cols }
  const train = readMnist('train')
  const extra = size - test.images.count
  const pixels = new Uint8Array(size * test.images.rows * test.images.cols)
  pixels.set(test.images.pixels)
  pixels.set(take(train.images, extra), test.images.pixels.length)
  const labels = new Uint8Array(size)
  labels.set(test.labels)
  labels.set(train.labels.subarray(0, extra), test.labels.length)
  return { pixels, labels, rows: test.images.rows, cols: test.images.cols }
}

function take(images: IdxImages, count: number): Uint8Array {
  return images.pixels.slice(0, count * images.rows * images.cols)
}

export function pixelFeatures(pixels: Uint8Array, n: number, d: number): Matrix {
  const data = new Float32Array(n * d)
  for (let i = 0; i < n * d; i++) data[i] = pixels[i]! / 255
  return { data, rows: n, cols: d }
}

export function hogFeatures(pixels: Uint8Array, n: number, rows: number, cols: number): Matrix {
  const hog = FEATURE_METHODS.hog
  const params = hog.params(HOG_PARAMS)
  const extract = hog.extractor(params)
  const dim = hog.dimension(params)
  const data = new Float32Array(n * dim)
  const d = rows * cols
  for (let i = 0; i < n; i++) data.set(extract({ width: cols, height: rows, channels: 1, data: pixels.subarray(i * d, (i + 1) * d) }), i * dim)
  return { data, rows: n, cols: dim }
}

/**
 * The 2-D layout (n × 2) of the first `size` digits' HOG features with DEFAULT_PIPELINE's
 * reduction and this seed, from bench/.data when an earlier run made it (written whole, then
 * renamed, so an interrupted run leaves nothing to trust). Making it takes the features, the
 * neighbour search and UMAP: minutes at 70,000.
 */
export async function mnistLayout(
  size: number,
  seed: number,
  options: { fresh?: boolean; onStage?: (stage: string, done: number, total: number | null) => void; neighbours?: NeighbourSearch } = {}
): Promise<{ layout: Float32Array; labels: Uint8Array; made: boolean }> {
  const { pixels, labels, rows, cols } = loadDigits(size)
  const key = JSON.stringify({ size, seed, hog: HOG_PARAMS, reduce: DEFAULT_PIPELINE.reduce, stages: STAGE_VERSION })
  const file = join(await dataDir('layouts'), `mnist-${size}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.f32`)
  if (!options.fresh && existsSync(file)) {
    const bytes = await readFile(file)
    if (bytes.byteLength === size * 2 * 4) return { layout: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), labels, made: false }
  }
  const features = hogFeatures(pixels, size, rows, cols)
  const params = { ...structuredClone(DEFAULT_PIPELINE), seed, cluster: { ...DEFAULT_PIPELINE.cluster, algo: 'kmeans' as const, k: 10 } }
  const out = await runPipeline(features, null, params, { onStage: options.onStage, neighbours: options.neighbours })
  await writeFile(`${file}.part`, out.layout)
  await rename(`${file}.part`, file)
  return { layout: out.layout, labels, made: true }
}
