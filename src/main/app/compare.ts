import sharp from 'sharp'
import { existsSync, statSync } from 'node:fs'
import { FEATURE_METHODS } from '../engine/features'
import { MEASURES, gridSignature, type AnyMeasure } from '../engine/measures'
import type { RawImage } from '../engine/features/raw-image'

export interface Comparison {
  /** What was compared: two images, or two strings. */
  kind: 'images' | 'strings'
  results: { measure: string; label: string; on: string; value: number | null; error?: string }[]
}

const call = (m: AnyMeasure, a: unknown, b: unknown): number => (m.compute as (x: unknown, y: unknown) => number)(a, b)

function tryMeasure(m: AnyMeasure, on: string, a: unknown, b: unknown): Comparison['results'][number] {
  try {
    return { measure: m.id, label: m.label, on, value: call(m, a, b) }
  } catch (err) {
    return { measure: m.id, label: m.label, on, value: null, error: (err as Error).message }
  }
}

async function grayImage(file: string): Promise<RawImage> {
  const { data, info } = await sharp(file, { autoOrient: true, pages: 1 }).greyscale().raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, channels: 1, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile()

/**
 * Every applicable measure between two images (vector measures on their pixels and on HOG, Earth
 * Mover's Distance on 7 × 7 block signatures) or two strings (the string measures).
 */
export async function compare(a: string, b: string): Promise<Comparison> {
  if (isFile(a) && isFile(b)) {
    const [x, y] = await Promise.all([grayImage(a), grayImage(b)])
    const pixels = FEATURE_METHODS.pixels.extractor(FEATURE_METHODS.pixels.params())
    const hog = FEATURE_METHODS.hog.extractor(FEATURE_METHODS.hog.params())
    const blocks = FEATURE_METHODS['block-signature'].extractor(FEATURE_METHODS['block-signature'].params({ grid: 7 }))
    const results: Comparison['results'] = []
    for (const [on, fx, fy] of [['pixels 28×28', pixels(x), pixels(y)], ['HOG', hog(x), hog(y)]] as const) {
      for (const m of MEASURES) if (m.kind === 'vector') results.push(tryMeasure(m, on, fx, fy))
    }
    const emd = MEASURES.find((m) => m.kind === 'signature')
    if (emd) results.push(tryMeasure(emd, '7×7 blocks', gridSignature(blocks(x), 7, 7), gridSignature(blocks(y), 7, 7)))
    return { kind: 'images', results }
  }
  if (isFile(a) !== isFile(b)) {
    throw new Error('Compare two image files or two strings: one argument is a file and the other is not.')
  }
  return { kind: 'strings', results: MEASURES.filter((m) => m.kind === 'string').map((m) => tryMeasure(m, 'text', a, b)) }
}
