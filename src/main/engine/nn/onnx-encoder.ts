/**
 * A pretrained image encoder the user brings as an ONNX file (a CLIP or DINOv2 image tower, say),
 * run with onnxruntime-node on the CPU. Nothing is downloaded: the model is the user's file, its
 * preparation is decided by onnx-plan.ts. A file that cannot be read or decoded is reported in
 * `failures` and the others embed; a model that cannot run stops the whole call.
 */
import { basename } from 'node:path'
import { access } from 'node:fs/promises'
import { InferenceSession, Tensor } from 'onnxruntime-node'
import { decidePlan, OnnxModelError, poolOutput, type Plan, type ValueInfo } from './onnx-plan'
import { preprocessInto } from './onnx-preprocess'
import { readSidecar, type Sidecar } from './onnx-sidecar'

export { OnnxModelError, type Plan } from './onnx-plan'

export interface OpenOptions {
  /** Threads onnxruntime uses inside one run; by default its own choice (all cores). */
  intraOpNumThreads?: number
  /** Used instead of the sidecar file beside the model (null: none, even if there is a file). */
  sidecar?: Sidecar | null
}

export interface EmbedOptions {
  /** Images per model run; 16 by default (a fixed-batch model runs its own batch size). */
  batchSize?: number
  signal?: AbortSignal
  /** Files handled so far, of all. */
  onProgress?: (done: number, total: number) => void
}

export interface FileFailure {
  index: number
  reason: string
}

export interface Embeddings {
  /** n × dim values, row i for paths[i]; the rows of failed files are zeros. */
  vectors: Float32Array
  dim: number
  failures: FileFailure[]
}

export const DEFAULT_BATCH_SIZE = 16

export class OnnxEncoder {
  private constructor(
    private readonly session: InferenceSession,
    readonly plan: Plan,
    readonly modelPath: string
  ) {}

  /** Opens the model and decides its preparation; the plan's warnings say what was assumed. */
  static async open(modelPath: string, options: OpenOptions = {}): Promise<OnnxEncoder> {
    try {
      await access(modelPath)
    } catch {
      throw new OnnxModelError('model-not-found', `${modelPath} was not found. Choose the .onnx file of the model.`)
    }
    const sidecar = options.sidecar !== undefined ? options.sidecar : await readSidecar(modelPath)
    let session: InferenceSession
    try {
      session = await InferenceSession.create(modelPath, {
        executionProviders: ['cpu'],
        ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads, interOpNumThreads: 1 } : {})
      })
    } catch (err) {
      throw new OnnxModelError(
        'not-onnx',
        `${modelPath} is not an ONNX model: ${(err as Error).message.trim()}. Choose the model's .onnx file (the exported image tower).`
      )
    }
    try {
      const plan = decidePlan(session.inputMetadata as ValueInfo[], session.outputMetadata as ValueInfo[], sidecar, basename(modelPath))
      return new OnnxEncoder(session, plan, modelPath)
    } catch (err) {
      await session.release()
      throw err
    }
  }

  async embedFiles(paths: readonly string[], options: EmbedOptions = {}): Promise<Embeddings> {
    const { signal, onProgress } = options
    const batch = this.plan.fixedBatch ?? Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE))
    const failures: FileFailure[] = []
    let vectors = new Float32Array(0)
    let dim = this.plan.dim ?? 0
    const pixelsPerImage = 3 * this.plan.size * this.plan.size
    for (let start = 0; start < paths.length; start += batch) {
      signal?.throwIfAborted()
      const indices = paths.slice(start, start + batch).map((_, i) => start + i)
      const input = new Float32Array((this.plan.fixedBatch ?? indices.length) * pixelsPerImage)
      const outcomes = await Promise.allSettled(indices.map((index, slot) => preprocessInto(paths[index]!, this.plan, input.subarray(slot * pixelsPerImage, (slot + 1) * pixelsPerImage))))
      const good: number[] = []
      outcomes.forEach((o, slot) => {
        if (o.status === 'fulfilled') good.push(slot)
        else failures.push({ index: indices[slot]!, reason: `${basename(paths[indices[slot]!]!)} could not be read as an image: ${(o.reason as Error).message}` })
      })
      if (good.length > 0) {
        signal?.throwIfAborted()
        const rows = await this.run(input, this.plan.fixedBatch ?? indices.length)
        if (vectors.length === 0) {
          dim = rows.dim
          vectors = new Float32Array(paths.length * dim)
        }
        for (const slot of good) vectors.set(rows.values.subarray(slot * dim, (slot + 1) * dim), indices[slot]! * dim)
      }
      onProgress?.(Math.min(paths.length, start + batch), paths.length)
    }
    if (vectors.length === 0) vectors = new Float32Array(paths.length * dim)
    return { vectors, dim, failures }
  }

  private async run(input: Float32Array, n: number): Promise<{ dim: number; values: Float32Array }> {
    const { size, layout } = this.plan
    const dims = layout === 'NCHW' ? [n, 3, size, size] : [n, size, size, 3]
    let result: InferenceSession.OnnxValueMapType
    try {
      result = await this.session.run({ [this.plan.input]: new Tensor('float32', input, dims) }, [this.plan.output])
    } catch (err) {
      throw new OnnxModelError('model-run-failed', `${basename(this.modelPath)} failed on a batch of [${dims.join(', ')}]: ${(err as Error).message.trim()}. Check the sidecar's size and layout.`)
    }
    const out = result[this.plan.output] as Tensor
    if (out.type !== 'float32') throw new OnnxModelError('bad-output', `The output ${this.plan.output} holds ${out.type} values; Likeness reads float32 embeddings.`)
    return poolOutput(out.data as Float32Array, out.dims, this.plan.pooling, this.plan.output)
  }

  async dispose(): Promise<void> {
    await this.session.release()
  }
}

/** Opens the model, embeds the files and closes it. */
export async function embedFiles(modelPath: string, paths: readonly string[], options: EmbedOptions & OpenOptions = {}): Promise<Embeddings> {
  const encoder = await OnnxEncoder.open(modelPath, options)
  try {
    return await encoder.embedFiles(paths, options)
  } finally {
    await encoder.dispose()
  }
}
