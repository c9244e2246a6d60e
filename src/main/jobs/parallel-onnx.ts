/**
 * A user's ONNX image encoder over a folder's files, on worker threads: the files are cut into
 * runs of a few batches, dealt to onnx.workers as they free up, and the rows put back in order.
 * Each worker opens the model once; onnxruntime's threads are shared out so that workers ×
 * threads stays within the cores. The vectors equal OnnxEncoder.embedFiles' in this thread.
 */
import { availableParallelism } from 'node:os'
import { DEFAULT_BATCH_SIZE, type EmbedOptions, type Embeddings, type FileFailure } from '../engine/nn/onnx-encoder'
import { readSidecar, type Sidecar } from '../engine/nn/onnx-sidecar'
import type { OnnxPart, OnnxTask, OnnxWorkerData } from './onnx.worker'
import { RemoteError } from './messages'
import { WorkerPool } from './pool'
import { workerEntry } from './worker-entry'

/** Batches per task: enough to keep a worker busy between messages, few enough to share the tail. */
const BATCHES_PER_TASK = 2

export interface ParallelEmbedOptions extends EmbedOptions {
  /** Worker threads; by default one per core, never more than there are tasks. */
  workers?: number
  /** Cores to share between the workers' onnxruntime threads; by default all. */
  cores?: number
  /** Used instead of the sidecar beside the model. */
  sidecar?: Sidecar | null
}

export interface ParallelEmbeddings extends Embeddings {
  /** What the model's plan assumed (see onnx-plan.ts). */
  warnings: string[]
}

/** Worker count and onnxruntime threads per worker, workers × threads ≤ cores. */
export function shareCores(cores: number, wanted: number, tasks: number): { workers: number; threads: number } {
  const c = Math.max(1, Math.floor(cores))
  const workers = Math.max(1, Math.min(Math.floor(wanted) || 1, tasks, c))
  return { workers, threads: Math.max(1, Math.floor(c / workers)) }
}

export async function embedFilesParallel(modelPath: string, paths: readonly string[], options: ParallelEmbedOptions = {}): Promise<ParallelEmbeddings> {
  const { signal, onProgress } = options
  signal?.throwIfAborted()
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE))
  const perTask = batchSize * BATCHES_PER_TASK
  const starts = Array.from({ length: Math.ceil(paths.length / perTask) }, (_, i) => i * perTask)
  const cores = options.cores ?? availableParallelism()
  const { workers, threads } = shareCores(cores, options.workers ?? cores, Math.max(1, starts.length))
  const sidecar = options.sidecar !== undefined ? options.sidecar : await readSidecar(modelPath)
  const data: OnnxWorkerData = { modelPath, sidecar, intraOpNumThreads: threads }
  const pool = new WorkerPool<OnnxTask, OnnxPart>(workerEntry('onnx.worker'), { size: workers, perWorker: 1, workerData: data, taskName: 'these images' })
  const onAbort = (): void => void pool.close()
  signal?.addEventListener('abort', onAbort, { once: true })

  let vectors: Float32Array | null = null
  let dim = 0
  let warnings: string[] = []
  const failures: FileFailure[] = []
  let done = 0
  const place = (start: number, part: OnnxPart): void => {
    dim = part.dim
    vectors ??= new Float32Array(paths.length * dim)
    vectors.set(part.vectors, start * dim)
  }
  try {
    await Promise.all(
      starts.map(async (start) => {
        const chunk = paths.slice(start, start + perTask)
        try {
          const part = await pool.run({ paths: chunk, batchSize })
          warnings = part.warnings
          // A part whose files all failed may not know the width; its rows stay zeros either way.
          if (part.dim > 0) place(start, part)
          failures.push(...part.failures.map((f) => ({ index: start + f.index, reason: f.reason })))
        } catch (err) {
          // A native decoder that brings a worker down fails its files, not the whole folder.
          if (!(err instanceof RemoteError && err.kind === 'worker-crashed')) throw err
          failures.push(...chunk.map((_, i) => ({ index: start + i, reason: err.message })))
        }
        done += chunk.length
        if (!signal?.aborted) onProgress?.(done, paths.length)
      })
    )
    signal?.throwIfAborted()
  } catch (err) {
    signal?.throwIfAborted()
    throw err
  } finally {
    signal?.removeEventListener('abort', onAbort)
    await pool.close()
  }
  failures.sort((a, b) => a.index - b.index)
  return { vectors: vectors ?? new Float32Array(paths.length * dim), dim, failures, warnings }
}
