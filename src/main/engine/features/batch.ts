import { featureMethod, type FeatureParams } from './index'
import type { RawImage } from './raw-image'

/** The vectors of one batch: row i of `vectors` belongs to input i unless `failed[i]` says why not. */
export interface FeatureBatch {
  vectors: Float32Array
  dimension: number
  failed: (string | null)[]
}

/**
 * Runs one method over a batch of images, each obtained by `load(i)`. A failing image fails alone:
 * its row stays zero and its reason is kept, the rest of the batch goes on.
 */
export async function extractBatch(
  method: string,
  params: FeatureParams,
  count: number,
  load: (i: number) => RawImage | Promise<RawImage>
): Promise<FeatureBatch> {
  const m = featureMethod(method)
  const checked = m.params(params)
  const dimension = m.dimension(checked)
  const run = m.extractor(checked)
  const vectors = new Float32Array(count * dimension)
  const failed: (string | null)[] = new Array<string | null>(count).fill(null)
  for (let i = 0; i < count; i++) {
    try {
      const v = run(await load(i))
      vectors.set(v, i * dimension)
    } catch (err) {
      failed[i] = (err as Error).message ?? String(err)
    }
  }
  return { vectors, dimension, failed }
}

/** Views image `i` of a block of equally sized images laid end to end (an IDX file's layout). */
export function imageOfBlock(pixels: Uint8Array, width: number, height: number, channels: number, i: number): RawImage {
  const size = width * height * channels
  return { width, height, channels, data: pixels.subarray(i * size, (i + 1) * size) }
}
