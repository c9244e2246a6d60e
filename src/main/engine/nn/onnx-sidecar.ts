/**
 * The optional sidecar beside a user's model, `<model>.likeness.json`, which says how to prepare
 * images for it where the model's own metadata cannot (ONNX files record shapes, never the
 * normalisation they were trained with).
 */
import { readFile } from 'node:fs/promises'

export type Layout = 'NCHW' | 'NHWC'
export type ResizeMode = 'shortest-then-centre-crop' | 'squash'
export type Pooling = 'cls' | 'mean' | 'none'

export interface Sidecar {
  /** Side of the square image the model takes, in pixels. */
  size?: number
  /**
   * For 'shortest-then-centre-crop': the shortest side is resized to this before the centre
   * `size` square is cut (DINOv2 and ResNet resize to 256 and crop 224). Default: `size`.
   */
  resizeShortest?: number
  layout?: Layout
  mean?: [number, number, number]
  std?: [number, number, number]
  /** Pixel values (0–255) are divided by this before mean and std apply: 255 for 0–1 inputs, 1 for 0–255. */
  scale?: number
  resize?: ResizeMode
  /** Which output holds the embedding. */
  output?: string
  pooling?: Pooling
  /** A catalogue id or name (see onnx-catalogue.ts), or the user's own name for the model. */
  name?: string
  licence?: string
}

export class SidecarError extends Error {
  readonly kind = 'bad-sidecar'
}

export function sidecarPath(modelPath: string): string {
  return `${modelPath}.likeness.json`
}

/** The sidecar beside the model, or null when there is none. A sidecar that is there but wrong is an error. */
export async function readSidecar(modelPath: string): Promise<Sidecar | null> {
  const file = sidecarPath(modelPath)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new SidecarError(`${file} is not valid JSON (${(err as Error).message}). Fix it or remove it.`)
  }
  return parseSidecar(json, file)
}

const KEYS = ['size', 'resizeShortest', 'layout', 'mean', 'std', 'scale', 'resize', 'output', 'pooling', 'name', 'licence']

/** Checks every field; names the first wrong one and what it should be. */
export function parseSidecar(json: unknown, file = 'The sidecar'): Sidecar {
  const fail = (what: string): never => {
    throw new SidecarError(`${file}: ${what}. Fix it or remove it.`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('it must hold one JSON object')
  const o = json as Record<string, unknown>
  const unknown = Object.keys(o).filter((k) => !KEYS.includes(k))
  if (unknown.length > 0) fail(`unknown field ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${KEYS.join(', ')})`)
  const positive = (k: string): void => {
    if (o[k] !== undefined && !(typeof o[k] === 'number' && Number.isFinite(o[k]) && o[k] > 0)) fail(`"${k}" must be a positive number`)
  }
  const triple = (k: string, positiveOnly: boolean): void => {
    const v = o[k]
    if (v === undefined) return
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positiveOnly || x > 0))) {
      fail(`"${k}" must be three ${positiveOnly ? 'positive ' : ''}numbers, for red, green and blue`)
    }
  }
  const oneOf = (k: string, values: string[]): void => {
    if (o[k] !== undefined && !values.includes(o[k] as string)) fail(`"${k}" must be one of ${values.map((v) => `"${v}"`).join(', ')}`)
  }
  const text = (k: string): void => {
    if (o[k] !== undefined && typeof o[k] !== 'string') fail(`"${k}" must be text`)
  }
  positive('size')
  positive('resizeShortest')
  positive('scale')
  if (o.size !== undefined && !Number.isInteger(o.size)) fail('"size" must be a whole number of pixels')
  if (o.resizeShortest !== undefined && !Number.isInteger(o.resizeShortest)) fail('"resizeShortest" must be a whole number of pixels')
  triple('mean', false)
  triple('std', true)
  oneOf('layout', ['NCHW', 'NHWC'])
  oneOf('resize', ['shortest-then-centre-crop', 'squash'])
  oneOf('pooling', ['cls', 'mean', 'none'])
  text('output')
  text('name')
  text('licence')
  return o as Sidecar
}
