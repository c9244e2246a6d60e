/**
 * The labelled image folders the `cluster` benchmark imports (see README.md beside this file):
 * written once under bench/.data/cluster and reused; `--fresh` writes them again.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import sharp from 'sharp'
import { cachedData, dataDir, forEachLimit, progress, progressCounter } from '../harness'
import { MNIST_TOTAL, loadDigits } from '../mnist'
import { writeShapes, writeStyles } from './shapes'

export const DATASET_NAMES = ['mnist', 'digits', 'shapes', 'styles'] as const
export type DatasetName = (typeof DATASET_NAMES)[number]

export interface LabelledFolder {
  name: DatasetName
  dir: string
  images: number
  groups: number
  description: string
}

/** Bump when a generator changes, so folders written by an older one are written again. */
const VERSION = 2
const CONCURRENCY = 4

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name)
}

export async function labelledFolder(name: DatasetName, size: number | undefined, seed: number, fresh: boolean): Promise<LabelledFolder> {
  const base = await dataDir('cluster')
  if (name === 'mnist') {
    const n = size ?? 10_000
    if (n > MNIST_TOTAL) throw new Error(`MNIST has ${MNIST_TOTAL.toLocaleString('en')} digits; use --size ${MNIST_TOTAL} or less.`)
    const dir = join(base, `mnist-${n}`)
    await cachedData(dir, `mnist v${VERSION} ${n}`, fresh, (d) => writeMnist(d, n))
    const test = Math.min(n, 10_000)
    return { name, dir, images: n, groups: 10, description: `MNIST: ${test.toLocaleString('en')} test digits${n > test ? ` + ${(n - test).toLocaleString('en')} training` : ''}, 28 × 28 PNG` }
  }
  if (name === 'digits') {
    if (size !== undefined && size !== 1797) progress('digits: the set has 1,797 images; --size is ignored')
    const dir = join(base, 'digits')
    await cachedData(dir, `digits v${VERSION}`, fresh, writeUciDigits)
    return { name, dir, images: 1797, groups: 10, description: 'UCI optical digits: 1,797 images, 8 × 8 PNG' }
  }
  const n = size ?? (name === 'shapes' ? 2000 : 2400)
  const dir = join(base, `${name}-${n}-seed${seed}`)
  const write = name === 'shapes' ? writeShapes : writeStyles
  await cachedData(dir, `${name} v${VERSION} ${n} ${seed}`, fresh, (d) => write(d, n, seed, CONCURRENCY))
  return name === 'shapes'
    ? { name, dir, images: n, groups: 8, description: `${n.toLocaleString('en')} generated colour images of 8 kinds of shape, 40–360 px, PNG and JPEG` }
    : { name, dir, images: n, groups: 12, description: `${n.toLocaleString('en')} generated images of 6 kinds of shape in 2 styles (colour, line art): 12 groups` }
}

async function writeMnist(dir: string, n: number): Promise<void> {
  const { pixels, labels, rows, cols } = loadDigits(n)
  for (let d = 0; d < 10; d++) await mkdir(join(dir, String(d)), { recursive: true })
  const width = String(n - 1).length
  const counter = progressCounter('writing MNIST digits as PNG', n)
  const size = rows * cols
  await forEachLimit(Array.from({ length: n }, (_, i) => i), CONCURRENCY, async (i) => {
    await sharp(pixels.subarray(i * size, (i + 1) * size), { raw: { width: cols, height: rows, channels: 1 } })
      .png()
      .toFile(join(dir, String(labels[i]), `${String(i).padStart(width, '0')}.png`))
    counter.tick()
  })
}

async function writeUciDigits(dir: string): Promise<void> {
  const csv = gunzipSync(await readFile(fileURLToPath(new URL('digits.csv.gz', import.meta.url)))).toString('utf8')
  const lines = csv.split('\n').filter((l) => l.trim() !== '')
  for (let d = 0; d < 10; d++) await mkdir(join(dir, String(d)), { recursive: true })
  await forEachLimit(lines.map((l, i) => [l, i] as const), CONCURRENCY, async ([line, i]) => {
    const values = line.split(',').map(Number)
    if (values.length !== 65) throw new Error(`digits.csv.gz line ${i + 1} has ${values.length} values, not 65`)
    // 0..16 ink counts to 0..255, ink bright on a dark ground as in MNIST.
    const px = Uint8Array.from(values.slice(0, 64), (v) => Math.round((v * 255) / 16))
    await sharp(px, { raw: { width: 8, height: 8, channels: 1 } }).png().toFile(join(dir, String(values[64]), `${String(i).padStart(4, '0')}.png`))
  })
}
