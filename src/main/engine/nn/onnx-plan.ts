/**
 * How to feed a user's ONNX image encoder and read its embedding, decided from what the model
 * says about itself (input and output names, shapes, element types), its sidecar, and the
 * catalogue entry it matches, in that order of trust: sidecar, then the model's own fixed sizes,
 * then the catalogue, then the defaults most image towers use (ImageNet mean and std, 224
 * pixels, NCHW), each default named in a warning.
 */
import { IMAGENET_MEAN, IMAGENET_STD, matchCatalogue, type CatalogueEntry } from './onnx-catalogue'
import type { Layout, Pooling, ResizeMode, Sidecar } from './onnx-sidecar'

/** onnxruntime's ValueMetadata, as far as the plan reads it. */
export interface ValueInfo {
  name: string
  isTensor: boolean
  type?: string
  shape?: readonly (number | string)[]
}

export interface Plan {
  input: string
  layout: Layout
  size: number
  resize: ResizeMode
  resizeShortest: number
  mean: [number, number, number]
  std: [number, number, number]
  scale: number
  output: string
  pooling: Pooling
  /** The batch size the model is fixed to, when its first input dimension is a number. */
  fixedBatch?: number
  /** The embedding width, when the output's shape says it. */
  dim?: number
  catalogue?: { entry: CatalogueEntry; by: 'name' | 'shape' }
  /** Values taken from defaults, in words, with what to do about it. */
  warnings: string[]
}

export class OnnxModelError extends Error {
  constructor(readonly kind: string, message: string) {
    super(message)
    this.name = kind
  }
}

function describe(v: ValueInfo): string {
  return `${v.name} [${(v.shape ?? []).join(', ')}]`
}

function inputLayout(shape: readonly (number | string)[]): Layout | undefined {
  if (shape.length !== 4) return undefined
  if (shape[1] === 3) return 'NCHW'
  if (shape[3] === 3) return 'NHWC'
  return undefined
}

function inputSize(shape: readonly (number | string)[], layout: Layout): number | undefined {
  const [h, w] = layout === 'NCHW' ? [shape[2], shape[3]] : [shape[1], shape[2]]
  return typeof h === 'number' && h > 0 && h === w ? h : undefined
}

function defaultOutput(outputs: ValueInfo[], wanted?: string): ValueInfo {
  return outputs.find((o) => o.name === wanted) ?? outputs.find((o) => o.shape?.length === 2) ?? outputs[0]!
}

export function decidePlan(inputs: ValueInfo[], outputs: ValueInfo[], sidecar: Sidecar | null, label: string): Plan {
  const images = inputs.filter((i) => i.isTensor)
  if (images.length !== 1 || inputs.length !== 1) {
    throw new OnnxModelError('unsupported-model', `${label} takes ${inputs.length} inputs (${inputs.map(describe).join('; ')}); Likeness needs an image encoder with one image input. Export the image tower on its own.`)
  }
  const input = images[0]!
  if (input.type !== 'float32') throw new OnnxModelError('unsupported-model', `${label} takes ${input.type} pixels; Likeness feeds float32. Export the model with float32 inputs.`)
  const shape = input.shape ?? []
  if (shape.length !== 0 && shape.length !== 4) throw new OnnxModelError('unsupported-model', `${label}'s input ${describe(input)} is not an image batch (N, 3, H, W or N, H, W, 3).`)
  if (outputs.length === 0) throw new OnnxModelError('unsupported-model', `${label} has no outputs.`)
  if (sidecar?.output && !outputs.some((o) => o.name === sidecar.output)) {
    throw new OnnxModelError('bad-sidecar', `The sidecar of ${label} names the output "${sidecar.output}", but the model's outputs are ${outputs.map(describe).join('; ')}. Name one of those.`)
  }

  const metaLayout = inputLayout(shape)
  const metaSize = metaLayout ? inputSize(shape, metaLayout) : undefined
  const guess = defaultOutput(outputs, sidecar?.output)
  const guessDim = guess.shape?.at(-1)
  const catalogue =
    matchCatalogue({ layout: sidecar?.layout ?? metaLayout, size: sidecar?.size ?? metaSize, dim: typeof guessDim === 'number' ? guessDim : undefined }, sidecar?.name) ?? undefined
  const entry = catalogue?.entry

  const defaulted: string[] = []
  function pick<V>(fromSidecar: V | undefined, fromModel: V | undefined, fromEntry: V | undefined, fallback: V, say?: string): V {
    if (fromSidecar !== undefined) return fromSidecar
    if (fromModel !== undefined) return fromModel
    if (fromEntry !== undefined) return fromEntry
    if (say) defaulted.push(say)
    return fallback
  }
  const layout = pick(sidecar?.layout, metaLayout, entry?.layout, 'NCHW' as Layout, 'layout NCHW')
  const size = pick(sidecar?.size, inputSize(shape, layout), entry?.size, 224, 'size 224 pixels')
  const mean = pick(sidecar?.mean, undefined, entry?.mean, IMAGENET_MEAN, `ImageNet mean [${IMAGENET_MEAN.join(', ')}]`)
  const std = pick(sidecar?.std, undefined, entry?.std, IMAGENET_STD, `ImageNet std [${IMAGENET_STD.join(', ')}]`)
  const scale = pick(sidecar?.scale, undefined, entry?.scale, 255)
  const resize = pick(sidecar?.resize, undefined, entry?.resize, 'shortest-then-centre-crop' as ResizeMode)
  const resizeShortest = Math.max(size, sidecar?.resizeShortest ?? (sidecar?.size === undefined ? entry?.resizeShortest : undefined) ?? size)

  const entryOutput = entry?.output && outputs.some((o) => o.name === entry.output) ? entry.output : undefined
  const output = defaultOutput(outputs, sidecar?.output ?? entryOutput)
  const rank = output.shape?.length ?? 0
  const warnings: string[] = []
  let pooling: Pooling = 'none'
  if (sidecar?.pooling) pooling = sidecar.pooling
  else if (rank === 3) {
    if (entry && entry.pooling !== 'none') pooling = entry.pooling
    else {
      pooling = 'cls'
      defaulted.push(`pooling by the first (CLS) token of ${describe(output)}`)
    }
  }
  if (defaulted.length > 0) {
    warnings.push(
      `Nothing says how ${label} was trained, so Likeness uses ${defaulted.join(', ')}. If that is not how the model prepares images, ` +
        `write ${label}.likeness.json (size, layout, mean, std, scale, resize, output, pooling) beside it.`
    )
  }
  const last = output.shape?.at(-1)
  const dim = rank === 4 ? (typeof output.shape?.[1] === 'number' ? (output.shape[1] as number) : undefined) : typeof last === 'number' ? last : undefined
  return {
    input: input.name,
    layout,
    size,
    resize,
    resizeShortest,
    mean,
    std,
    scale,
    output: output.name,
    pooling,
    fixedBatch: typeof shape[0] === 'number' && shape[0] > 0 ? shape[0] : undefined,
    dim,
    catalogue,
    warnings
  }
}

/**
 * One embedding per image from the model's output: [N, D] as is; [N, T, D] pooled (CLS: token
 * 0; mean: all tokens); [N, D, 1, 1] squeezed.
 */
export function poolOutput(data: Float32Array, dims: readonly number[], pooling: Pooling, name: string): { rows: number; dim: number; values: Float32Array } {
  const [n, a, b, c] = dims as number[]
  if (dims.length === 2) return { rows: n!, dim: a!, values: data }
  if (dims.length === 4 && b === 1 && c === 1) return { rows: n!, dim: a!, values: data }
  if (dims.length === 3) {
    const [t, d] = [a!, b!]
    if (pooling === 'none') throw new OnnxModelError('bad-output', `The output ${name} is [${dims.join(', ')}], one vector per token. Set "pooling" to "cls" or "mean" in the sidecar.`)
    const values = new Float32Array(n! * d)
    for (let i = 0; i < n!; i++) {
      const row = values.subarray(i * d, (i + 1) * d)
      if (pooling === 'cls') {
        row.set(data.subarray(i * t * d, i * t * d + d))
        continue
      }
      // Summed in float64: a mean over hundreds of tokens in float32 drifts.
      const sums = new Float64Array(d)
      for (let k = 0; k < t; k++) for (let j = 0; j < d; j++) sums[j]! += data[(i * t + k) * d + j]!
      for (let j = 0; j < d; j++) row[j] = sums[j]! / t
    }
    return { rows: n!, dim: d, values }
  }
  throw new OnnxModelError('bad-output', `The output ${name} is [${dims.join(', ')}]; Likeness reads [N, D], [N, tokens, D] or [N, D, 1, 1]. Choose another output with "output" in the sidecar.`)
}
