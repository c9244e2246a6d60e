/**
 * Runs the clustering pipeline on a thread of its own (cluster.worker.ts) and answers as
 * runPipeline would: the same result, progress through onStage, the stage cache consulted and
 * filled on this side, and an abort that stops the thread at once.
 */
import { Worker } from 'node:worker_threads'
import type { PipelineOptions, PipelineParams, PipelineResult } from '../engine/pipeline'
import type { Matrix } from '../engine/search/types'
import type { FromClusterThread, ToClusterThread } from './cluster-messages'
import { watchThread } from './thread-start'
import { workerEntry } from './worker-entry'

export interface ThreadOptions extends Omit<PipelineOptions, 'neighbours'> {
  /** Threads for the neighbour search inside the run; by default one per core. */
  workers?: number
}

/**
 * The matrix's values are handed to the thread, not copied (a feature set of 70,000 rows can be
 * hundreds of megabytes): `matrix.data` is unusable here afterwards.
 */
export function runPipelineOnThread(matrix: Matrix, groups: Int32Array | null, params: PipelineParams, options: ThreadOptions = {}): Promise<PipelineResult> {
  const { signal, cache, onStage } = options
  if (signal?.aborted) return Promise.reject(signal.reason)
  const entry = workerEntry('cluster.worker')
  const worker = new Worker(entry.file, { execArgv: entry.execArgv })
  const post = (msg: ToClusterThread, transfer: ArrayBuffer[] = []): void => worker.postMessage(msg, transfer)

  const result = watchThread<PipelineResult, Exclude<FromClusterThread, { type: 'error' }>>(worker, {
    signal,
    // The run stops where it is; whatever it computed is dropped with the thread.
    onAbort: (settle) => settle.reject(signal!.reason),
    onMessage: (msg, settle) => {
      switch (msg.type) {
        case 'stage':
          onStage?.(msg.stage, msg.done, msg.total)
          break
        case 'cache-get':
          Promise.resolve(cache?.get(msg.key)).then(
            (value) => post({ type: 'cache-reply', id: msg.id, value: value ?? null }),
            () => post({ type: 'cache-reply', id: msg.id, value: null })
          )
          break
        case 'cache-set':
          try {
            cache?.set(msg.key, msg.value)
          } catch {
            // A stage that cannot be stored (a full disk, say) is computed again next time; the run goes on.
          }
          break
        case 'result':
          settle.resolve(msg.result)
          break
      }
    },
    failKind: 'cluster-thread-failed',
    errorText: (message) => `The clustering stopped with an error: ${message}`,
    exitText: (code) =>
      `The clustering stopped unexpectedly (exit code ${code}). If the machine ran out of memory, try fewer items, PCA before UMAP, or close other programs.`
  })
  const data = matrix.data
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && !(data.buffer instanceof SharedArrayBuffer)
  post(
    { type: 'run', data, rows: matrix.rows, cols: matrix.cols, groups, params, inputKey: options.inputKey ?? null, workers: options.workers ?? 0 },
    whole ? [data.buffer as ArrayBuffer] : []
  )
  return result
}
