import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TINY_BIAS, TINY_WEIGHT, tinyImageModel, tinySpatialModel, tinyTokenModel, tokenPosition, writeModel } from '../../test-support/onnx-model'
import { embedFiles, OnnxEncoder } from './onnx-encoder'
import { IMAGENET_MEAN, IMAGENET_STD } from './onnx-catalogue'

type RGB = [number, number, number]

let dir: string
let imageModel: string
let tokenModel: string
let spatialModel: string

async function solid(name: string, colour: RGB, width = 6, height = 5, alpha = false): Promise<string> {
  const path = join(dir, name)
  const channels = alpha ? 4 : 3
  await sharp({ create: { width, height, channels, background: alpha ? { r: colour[0], g: colour[1], b: colour[2], alpha: 0.5 } : { r: colour[0], g: colour[1], b: colour[2] } } })
    .png()
    .toFile(path)
  return path
}

/** The normalised channel values of a solid colour, as the plan prepares it. */
function normalised(colour: RGB, mean: readonly number[], std: readonly number[], scale = 255): number[] {
  return colour.map((v, c) => (v / scale - mean[c]!) / std[c]!)
}

/** x · W + B, with W 3 × 2 row-major. */
function project(x: readonly number[]): number[] {
  return [0, 1].map((j) => x.reduce((sum, xc, c) => sum + xc * TINY_WEIGHT[c * 2 + j]!, TINY_BIAS[j]!))
}

function expectRows(vectors: Float32Array, dim: number, want: (number[] | null)[]): void {
  expect(vectors.length).toBe(want.length * dim)
  want.forEach((row, i) => {
    const got = Array.from(vectors.subarray(i * dim, (i + 1) * dim))
    const expected = row ?? new Array<number>(dim).fill(0)
    got.forEach((v, j) => expect(v, `row ${i}, column ${j}`).toBeCloseTo(expected[j]!, 5))
  })
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-onnx-'))
  imageModel = writeModel(join(dir, 'tiny.onnx'), tinyImageModel())
  tokenModel = writeModel(join(dir, 'tokens.onnx'), tinyTokenModel())
  spatialModel = writeModel(join(dir, 'spatial.onnx'), tinySpatialModel())
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('OnnxEncoder', () => {
  it('embeds solid colours to the hand-computed vectors, across batches, with ImageNet defaults named in a warning', async () => {
    const colours: RGB[] = [
      [255, 0, 0],
      [12, 200, 99],
      [128, 128, 128]
    ]
    const paths = [await solid('red.png', colours[0]!), await solid('green.png', colours[1]!, 9, 4), await solid('grey.png', colours[2]!, 3, 7)]
    const progress: [number, number][] = []
    const encoder = await OnnxEncoder.open(imageModel)
    try {
      expect(encoder.plan).toMatchObject({ input: 'pixel_values', layout: 'NCHW', size: 4, output: 'embeds', pooling: 'none', dim: 2 })
      expect(encoder.plan.warnings).toHaveLength(1)
      expect(encoder.plan.warnings[0]).toContain('ImageNet mean')
      expect(encoder.plan.warnings[0]).toContain('tiny.onnx.likeness.json')
      const got = await encoder.embedFiles(paths, { batchSize: 2, onProgress: (d, t) => progress.push([d, t]) })
      expect(got.dim).toBe(2)
      expect(got.failures).toEqual([])
      expectRows(got.vectors, 2, colours.map((c) => project(normalised(c, IMAGENET_MEAN, IMAGENET_STD))))
      expect(progress).toEqual([
        [2, 3],
        [3, 3]
      ])
    } finally {
      await encoder.dispose()
    }
  })

  it('takes mean, std and scale from the sidecar over the defaults, and drops alpha', async () => {
    const path = await solid('half.png', [100, 50, 200], 5, 5, true)
    const sidecar = { mean: [10, 20, 30], std: [50, 25, 100], scale: 1 }
    const sided = writeModel(join(dir, 'sided.onnx'), tinyImageModel())
    writeFileSync(`${sided}.likeness.json`, JSON.stringify(sidecar))
    const encoder = await OnnxEncoder.open(sided)
    try {
      expect(encoder.plan.warnings).toEqual([])
      const got = await encoder.embedFiles([path])
      expectRows(got.vectors, 2, [project(normalised([100, 50, 200], sidecar.mean, sidecar.std, 1))])
    } finally {
      await encoder.dispose()
    }
  })

  it('pools [N, T, D] by the first token, or by the mean when the sidecar says so', async () => {
    const colour: RGB = [30, 60, 90]
    const path = await solid('blue.png', colour)
    const x = normalised(colour, IMAGENET_MEAN, IMAGENET_STD)
    const meanPosition = [0, 1, 2].map((c) => Array.from({ length: 16 }, (_, t) => tokenPosition(t)[c]!).reduce((a, b) => a + b) / 16)

    const cls = await embedFiles(tokenModel, [path, path])
    expect(cls.dim).toBe(2)
    expectRows(cls.vectors, 2, [project(x), project(x)])

    const mean = await embedFiles(tokenModel, [path], { sidecar: { pooling: 'mean' } })
    expectRows(mean.vectors, 2, [project(x.map((v, c) => v + meanPosition[c]!))])
  })

  it('turns an image upright by its EXIF orientation before the first token is read', async () => {
    // Stored, only the last pixel is white; orientation 3 (turned 180°) puts it first.
    const pixels = Buffer.alloc(4 * 4 * 3)
    pixels.fill(255, 15 * 3)
    const path = join(dir, 'turned.png')
    await sharp(pixels, { raw: { width: 4, height: 4, channels: 3 } }).png().withMetadata({ orientation: 3 }).toFile(path)
    const got = await embedFiles(tokenModel, [path], { sidecar: { pooling: 'cls', mean: [0, 0, 0], std: [1, 1, 1] } })
    expectRows(got.vectors, 2, [project([1, 1, 1])])
  })

  it('squeezes [N, D, 1, 1]', async () => {
    const colour: RGB = [0, 255, 40]
    const got = await embedFiles(spatialModel, [await solid('lime.png', colour)])
    expect(got.dim).toBe(3)
    expectRows(got.vectors, 3, [normalised(colour, IMAGENET_MEAN, IMAGENET_STD)])
  })

  it('reports a corrupt file and a missing one, and embeds the rest', async () => {
    const good = await solid('good.png', [1, 2, 3])
    const corrupt = join(dir, 'corrupt.png')
    writeFileSync(corrupt, Buffer.from('\x89PNG\r\n\x1a\nnot really a png'))
    const missing = join(dir, 'missing.jpg')
    const got = await embedFiles(imageModel, [corrupt, good, missing, good], { batchSize: 3 })
    expect(got.failures.map((f) => f.index)).toEqual([0, 2])
    expect(got.failures[0]!.reason).toMatch(/^corrupt\.png could not be read as an image: /)
    expect(got.failures[1]!.reason).toMatch(/^missing\.jpg could not be read as an image: /)
    const row = project(normalised([1, 2, 3], IMAGENET_MEAN, IMAGENET_STD))
    expectRows(got.vectors, 2, [null, row, null, row])
  })

  it('says plainly when a file is not an ONNX model, or is not there', async () => {
    const text = join(dir, 'notes.onnx')
    writeFileSync(text, 'these are my notes, not a model')
    await expect(OnnxEncoder.open(text)).rejects.toThrow(`${text} is not an ONNX model: `)
    await expect(OnnxEncoder.open(join(dir, 'nowhere.onnx'))).rejects.toThrow(/nowhere\.onnx was not found/)
  })

  it('refuses a sidecar that is not valid JSON, naming it', async () => {
    const model = writeModel(join(dir, 'typo.onnx'), tinyImageModel())
    writeFileSync(`${model}.likeness.json`, '{ "size": 4, }')
    await expect(OnnxEncoder.open(model)).rejects.toThrow(`${model}.likeness.json is not valid JSON`)
  })

  it('stops at an aborted signal', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stopped by the user'))
    await expect(embedFiles(imageModel, [await solid('x.png', [5, 5, 5])], { signal: controller.signal })).rejects.toThrow('stopped by the user')
  })
})
