/**
 * Reads the reference fixtures written by scripts/fixtures/make-hog-fixtures.py (scikit-image).
 * Images are base64: 'u8' holds bytes, 'f32' little-endian float32 values.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface EncodedImage {
  width: number
  height: number
  channels?: number
  encoding: 'u8' | 'f32'
  data: string
}

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fileURLToPath(new URL('.', import.meta.url)), name), 'utf8')) as T
}

export function decodeImage(image: EncodedImage): Uint8Array | Float32Array {
  const bytes = Buffer.from(image.data, 'base64')
  // Copy into a fresh buffer: Node's pooled Buffers are not always aligned for a Float32Array view.
  const copy = new Uint8Array(bytes)
  return image.encoding === 'u8' ? copy : new Float32Array(copy.buffer, 0, copy.length / 4)
}

/** The image as floats, whatever its encoding (u8 values stay 0..255). */
export function decodeFloat(image: EncodedImage): Float32Array {
  return Float32Array.from(decodeImage(image))
}

export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} differs from the expected ${expected.length}`)
  let worst = 0
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!))
  return worst
}
