/**
 * IDX, the format MNIST is distributed in (http://yann.lecun.com/exdb/mnist/): two zero bytes, a
 * type code, the number of dimensions, each dimension as a big-endian uint32, then the values,
 * big-endian, row-major.
 */
import { constants, gunzipSync } from 'node:zlib'
import { TableReadError } from './errors'

export type IdxType = 'u8' | 'i8' | 'i16' | 'i32' | 'f32' | 'f64'

export interface IdxHeader {
  type: IdxType
  dims: number[]
  /** Where the values start: 4 + 4 × dims.length. */
  dataOffset: number
}

const TYPES: Record<number, { type: IdxType; size: number }> = {
  0x08: { type: 'u8', size: 1 },
  0x09: { type: 'i8', size: 1 },
  0x0b: { type: 'i16', size: 2 },
  0x0c: { type: 'i32', size: 4 },
  0x0d: { type: 'f32', size: 4 },
  0x0e: { type: 'f64', size: 8 }
}

/** True when the bytes start like an IDX file (known type code, 1 to 8 dimensions). */
export function looksLikeIdx(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0 && head[1] === 0 && TYPES[head[2]!] !== undefined && head[3]! >= 1 && head[3]! <= 8
}

export function readIdxHeader(buf: Uint8Array): IdxHeader {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) {
    throw new TableReadError('This is not an IDX file: it does not start with two zero bytes. Choose an IDX file such as t10k-images-idx3-ubyte.')
  }
  const kind = TYPES[buf[2]!]
  if (!kind) throw new TableReadError(`This IDX file has the unknown type code 0x${buf[2]!.toString(16).padStart(2, '0')}; known are 0x08, 0x09, 0x0B–0x0E.`)
  const n = buf[3]!
  if (n === 0) throw new TableReadError('This IDX file declares zero dimensions, so it holds no values.')
  const dataOffset = 4 + 4 * n
  if (buf.length < dataOffset) throw new TableReadError(`This IDX file is truncated: it ends inside its header of ${dataOffset} bytes.`)
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const dims = Array.from({ length: n }, (_, i) => view.getUint32(4 + 4 * i, false))
  const expected = dataOffset + dims.reduce((a, d) => a * d, 1) * kind.size
  if (buf.length !== expected) {
    const what = buf.length < expected ? 'truncated' : 'too long'
    throw new TableReadError(
      `This IDX file is ${what}: its header (${kind.type}, ${dims.join(' × ')}) calls for ${expected} bytes but it has ${buf.length}. ` +
        (buf.length < expected ? 'Download or copy it again.' : 'Check that it was not joined with another file.')
    )
  }
  return { type: kind.type, dims, dataOffset }
}

const describe = (h: IdxHeader): string => `${h.type} values in ${h.dims.length} dimension${h.dims.length === 1 ? '' : 's'} (${h.dims.join(' × ')})`

/** MNIST-style images: unsigned bytes, images × rows × columns. `pixels` shares `buf`'s memory. */
export function readIdxImages(buf: Uint8Array): { count: number; rows: number; cols: number; pixels: Uint8Array } {
  const h = readIdxHeader(buf)
  if (h.type !== 'u8' || h.dims.length !== 3) {
    throw new TableReadError(`An IDX image file holds u8 values in 3 dimensions (images × rows × columns); this one holds ${describe(h)}.`)
  }
  const [count, rows, cols] = h.dims as [number, number, number]
  return { count, rows, cols, pixels: new Uint8Array(buf.buffer, buf.byteOffset + h.dataOffset, count * rows * cols) }
}

/** MNIST-style labels: unsigned bytes in one dimension. Shares `buf`'s memory. */
export function readIdxLabels(buf: Uint8Array): Uint8Array {
  const h = readIdxHeader(buf)
  if (h.type !== 'u8' || h.dims.length !== 1) {
    throw new TableReadError(`An IDX label file holds u8 values in 1 dimension; this one holds ${describe(h)}.`)
  }
  return new Uint8Array(buf.buffer, buf.byteOffset + h.dataOffset, h.dims[0]!)
}

/** Any IDX file as vectors: the first dimension counts rows, the others are flattened into columns. */
export function readIdxVectors(buf: Uint8Array): { rows: number; cols: number; data: Float32Array } {
  const h = readIdxHeader(buf)
  const rows = h.dims[0]!
  const cols = h.dims.slice(1).reduce((a, d) => a * d, 1)
  const n = rows * cols
  const data = new Float32Array(n)
  // Single bytes need no byte order: let the typed-array copy convert them.
  if (h.type === 'u8' || h.type === 'i8') {
    const at = buf.byteOffset + h.dataOffset
    data.set(h.type === 'u8' ? new Uint8Array(buf.buffer, at, n) : new Int8Array(buf.buffer, at, n))
    return { rows, cols, data }
  }
  const view = new DataView(buf.buffer, buf.byteOffset + h.dataOffset, buf.byteLength - h.dataOffset)
  const read: (i: number) => number = {
    i16: (i: number) => view.getInt16(2 * i, false),
    i32: (i: number) => view.getInt32(4 * i, false),
    f32: (i: number) => view.getFloat32(4 * i, false),
    f64: (i: number) => view.getFloat64(8 * i, false)
  }[h.type]
  for (let i = 0; i < n; i++) data[i] = read(i)
  return { rows, cols, data }
}

export const isGzip = (buf: Uint8Array): boolean => buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b

/** The bytes, decompressed when they are gzip (as MNIST's downloads are), else as given. */
export function maybeGunzip(buf: Uint8Array): Uint8Array {
  if (!isGzip(buf)) return buf
  try {
    return gunzipSync(buf)
  } catch (e) {
    throw new TableReadError(`The file is gzip-compressed but cannot be decompressed (${(e as Error).message}). It may be truncated: download it again.`)
  }
}

/** As much of a gzip stream's start as `head` holds, for sniffing; null if it is not gzip. */
export function gunzipHead(head: Uint8Array): Uint8Array | null {
  try {
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH })
  } catch {
    return null
  }
}
