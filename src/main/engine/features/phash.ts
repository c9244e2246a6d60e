/**
 * Perceptual hashes as a feature method, defined as the `imagehash` Python library (4.3) defines
 * them, on Pillow's gray conversion and LANCZOS resize (phash-resize.ts):
 *
 * - average (aHash): the image resized to s × s; a bit per pixel, set where it is brighter than the mean;
 * - difference (dHash): resized to (s + 1) × s; a bit per pixel pair, set where the right one is brighter;
 * - dct (pHash): resized to 4s × 4s; the 2-D DCT-II (rows, then columns); the top-left s × s
 *   coefficients; a bit set where one exceeds their median.
 *
 * s is 8 for 64 bits and 16 for 256. Bits are laid out row by row, as `imagehash` flattens them, so
 * `hashHex` prints what `str(imagehash.phash(img))` prints. One deliberate difference from the
 * pHash of the literature: like `imagehash`, the DC term stays among the s × s coefficients (the
 * original leaves it out); keeping it is what lets the fixtures agree bit for bit.
 *
 * A vector holds the bits as 0/1 floats, so the sets work everywhere features do; near-duplicate
 * search packs them into 32-bit words (`packBits`) and compares by Hamming distance.
 */
import type { Extract } from './methods'
import { FeatureParamsError, type ParamSpecs } from './params'
import { PillowLanczos, pillowGray } from './phash-resize'
import { checkRawImage, type RawImage } from './raw-image'

export const PHASH_KINDS = ['average', 'difference', 'dct'] as const
export type PhashKind = (typeof PHASH_KINDS)[number]

export interface PhashParams {
  kind: PhashKind
  /** 64 (an 8 × 8 grid) or 256 (16 × 16). */
  bits: number
}

export const PHASH_SPECS: ParamSpecs<PhashParams> = {
  kind: { kind: 'enum', values: PHASH_KINDS },
  bits: { kind: 'int', min: 64, max: 256 }
}

export function checkPhash(p: PhashParams): void {
  if (p.bits !== 64 && p.bits !== 256) throw new FeatureParamsError(`Perceptual hash parameter 'bits' must be 64 or 256, got ${p.bits}.`)
}

export function phashDimension(p: PhashParams): number {
  return p.bits
}

/** Side of the hash grid: 8 or 16. */
function side(p: PhashParams): number {
  return p.bits === 256 ? 16 : 8
}

/** cos(π k (2n + 1) / 2N) for k < s, n < N: the rows of the DCT-II that the hash keeps. */
function dctTable(n: number, s: number): Float64Array {
  const t = new Float64Array(s * n)
  for (let k = 0; k < s; k++) for (let i = 0; i < n; i++) t[k * n + i] = Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n))
  return t
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort()
  const m = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2
}

/** Hash bits of small gray pixels already resized for `kind`, into `out` as 0/1. */
function hashBits(kind: PhashKind, s: number, px: Uint8Array, out: Float32Array, table: Float64Array | null): void {
  if (kind === 'average') {
    let sum = 0
    for (let i = 0; i < s * s; i++) sum += px[i]!
    const mean = sum / (s * s)
    for (let i = 0; i < s * s; i++) out[i] = px[i]! > mean ? 1 : 0
    return
  }
  if (kind === 'difference') {
    for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) out[y * s + x] = px[y * (s + 1) + x + 1]! > px[y * (s + 1) + x]! ? 1 : 0
    return
  }
  // DCT along axis 0 (down each column) for the first s frequencies, then along axis 1 (each row).
  const n = 4 * s
  const cols = new Float64Array(s * n)
  for (let k = 0; k < s; k++) {
    for (let x = 0; x < n; x++) {
      let acc = 0
      for (let y = 0; y < n; y++) acc += table![k * n + y]! * px[y * n + x]!
      cols[k * n + x] = 2 * acc
    }
  }
  const low = new Float64Array(s * s)
  for (let k = 0; k < s; k++) {
    for (let j = 0; j < s; j++) {
      let acc = 0
      for (let x = 0; x < n; x++) acc += table![j * n + x]! * cols[k * n + x]!
      low[k * s + j] = 2 * acc
    }
  }
  const med = median(low)
  for (let i = 0; i < s * s; i++) out[i] = low[i]! > med ? 1 : 0
}

/** The input size each kind resizes to. */
function target(kind: PhashKind, s: number): [number, number] {
  if (kind === 'difference') return [s + 1, s]
  if (kind === 'dct') return [4 * s, 4 * s]
  return [s, s]
}

export function phashExtractor(p: PhashParams): Extract {
  const s = side(p)
  const [tw, th] = target(p.kind, s)
  const table = p.kind === 'dct' ? dctTable(4 * s, s) : null
  const resizers = new Map<number, PillowLanczos>()
  return (image: RawImage) => {
    checkRawImage(image)
    const key = image.width * 65536 + image.height
    let r = resizers.get(key)
    if (r === undefined) {
      if (resizers.size >= 8) resizers.delete(resizers.keys().next().value!)
      r = new PillowLanczos(image.width, image.height, tw, th)
      resizers.set(key, r)
    }
    const out = new Float32Array(p.bits)
    hashBits(p.kind, s, r.resize(pillowGray(image)), out, table)
    return out
  }
}

/** The bits (0/1 values, first bit most significant) as hexadecimal, as `str()` of an imagehash. */
export function hashHex(bits: ArrayLike<number>): string {
  let hex = ''
  for (let i = 0; i < bits.length; i += 4) {
    let nibble = 0
    for (let j = 0; j < 4; j++) nibble = (nibble << 1) | (i + j < bits.length && bits[i + j]! > 0.5 ? 1 : 0)
    hex += nibble.toString(16)
  }
  return hex
}

/** Words per hash of `bits` bits. */
export function wordsFor(bits: number): number {
  return Math.ceil(bits / 32)
}

/** Hash vectors (`rows` of `bits` 0/1 values) packed into 32-bit words, row after row. */
export function packBits(vectors: Float32Array, rows: number, bits: number): Uint32Array {
  const words = wordsFor(bits)
  const out = new Uint32Array(rows * words)
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < bits; b++) {
      if (vectors[r * bits + b]! > 0.5) out[r * words + (b >>> 5)] = (out[r * words + (b >>> 5)]! | (1 << (b & 31))) >>> 0
    }
  }
  return out
}
