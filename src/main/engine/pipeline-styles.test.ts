/**
 * The default features on drawings in two styles: the same shapes filled in colour and drawn as
 * black outlines. HOG alone sees the gray image's edges, which the two styles share, so it merges
 * them; the default's colour value keeps them apart and the default run finds all four groups.
 */
import { describe, expect, it } from 'vitest'
import { hogForImages } from './features/image-defaults'
import { hogExtractor, type HogParams } from './features/methods'
import type { RawImage } from './features/raw-image'
import { DEFAULT_PIPELINE, runPipeline } from './pipeline'
import { seededRandom } from './random'

const SIDE = 40
const PER_GROUP = 40

/** A disc or a square, filled with a random colour on a pale ground, or outlined in black on white. */
function drawing(shape: 'disc' | 'square', style: 'colour' | 'line', random: () => number): RawImage {
  const data = new Uint8Array(SIDE * SIDE * 3)
  const r = SIDE * (0.25 + random() * 0.1)
  const cx = SIDE / 2 + (random() - 0.5) * 6
  const cy = SIDE / 2 + (random() - 0.5) * 6
  const ink: [number, number, number] = style === 'line' ? [17, 17, 17] : [40 + random() * 180, 40 + random() * 180, 40 + random() * 180].map(Math.round) as [number, number, number]
  const ground = style === 'line' ? [255, 255, 255] : [200 + random() * 50, 200 + random() * 50, 200 + random() * 50].map(Math.round)
  const stroke = 2
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      // Distance inside the shape's edge: positive inside, negative outside.
      const depth = shape === 'disc' ? r - Math.hypot(x - cx, y - cy) : r - Math.max(Math.abs(x - cx), Math.abs(y - cy))
      const inked = style === 'colour' ? depth >= 0 : depth >= 0 && depth < stroke
      data.set(inked ? ink : ground, (y * SIDE + x) * 3)
    }
  }
  return { width: SIDE, height: SIDE, channels: 3, data }
}

function sample(): { images: RawImage[]; groups: Int32Array } {
  const random = seededRandom(7)
  const images: RawImage[] = []
  const groups: number[] = []
  const kinds = [['disc', 'colour'], ['square', 'colour'], ['disc', 'line'], ['square', 'line']] as const
  kinds.forEach(([shape, style], g) => {
    for (let i = 0; i < PER_GROUP; i++) {
      images.push(drawing(shape, style, random))
      groups.push(g)
    }
  })
  return { images, groups: Int32Array.from(groups) }
}

async function defaultRun(params: HogParams): Promise<{ acc: number | null; k: number | undefined }> {
  const { images, groups } = sample()
  const extract = hogExtractor(params)
  const vectors = images.map(extract)
  const cols = vectors[0]!.length
  const data = new Float32Array(vectors.length * cols)
  vectors.forEach((v, i) => data.set(v, i * cols))
  const r = await runPipeline({ data, rows: vectors.length, cols }, groups, structuredClone(DEFAULT_PIPELINE))
  return { acc: r.metrics.acc, k: r.chosen.k?.k }
}

describe('default features on drawings in colour and in line art', () => {
  const { params } = hogForImages(Array.from({ length: 4 }, () => ({ width: SIDE, height: SIDE })))

  it('finds the four groups (two shapes × two styles) with the colour value', async () => {
    expect(params.colour).toBe(true)
    const r = await defaultRun(params)
    expect(r.k).toBe(4)
    expect(r.acc).toBeGreaterThanOrEqual(0.95)
  })

  it('merges the styles without it: the value is what separates them', async () => {
    const r = await defaultRun({ ...params, colour: false })
    // Measured: two clusters, one per shape, ACC 0.5.
    expect(r.acc).toBeLessThanOrEqual(0.75)
  })
})
