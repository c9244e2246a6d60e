/**
 * Starts a training or embedding job's thread (train.worker.ts) and answers with its outcome.
 * An abort sets the shared flag, so training stops after its current batch and keeps the
 * checkpoint of its last whole epoch; the thread is ended once it has answered.
 */
import { Worker } from 'node:worker_threads'
import type { FromTrainThread, TrainOutcome, TrainWorkerData } from './train-messages'
import { trainWorkerEntry } from './tf-worker-entry'
import { watchThread } from './thread-start'

export interface ThreadCallbacks {
  signal?: AbortSignal
  onMessage?(msg: Exclude<FromTrainThread, { type: 'result' | 'error' }>): void
}

type Request = Omit<TrainWorkerData, 'cancel'>

function start<T>(data: Request, callbacks: ThreadCallbacks, settle: (msg: FromTrainThread) => T | undefined): Promise<T> {
  const { signal, onMessage } = callbacks
  const cancel = new SharedArrayBuffer(4)
  const flag = new Int32Array(cancel)
  const entry = trainWorkerEntry()
  // A feature matrix moves to the thread rather than being copied: the caller does not read it again.
  const transferList = data.matrix ? [data.matrix.data.buffer as ArrayBuffer] : []
  const worker = new Worker(entry.file, { execArgv: entry.execArgv, workerData: { ...data, cancel } satisfies TrainWorkerData, transferList })
  return watchThread<T, Exclude<FromTrainThread, { type: 'error' }>>(worker, {
    signal,
    onAbort: () => void Atomics.store(flag, 0, 1),
    onMessage: (msg, s) => {
      const value = settle(msg)
      if (value !== undefined) s.resolve(value)
      else if (msg.type !== 'result') onMessage?.(msg)
    },
    failKind: 'train-thread-failed',
    errorText: (message) => `The model's thread stopped with an error: ${message}`,
    exitText: (code) =>
      `The model's thread stopped unexpectedly (exit code ${code}). If the machine ran out of memory, try a smaller batch size, a smaller side or fewer images.`
  })
}

/** Trains (mode 'train') or embeds with a saved network (mode 'embed') on a thread of its own. */
export function runTrainThread(data: Request, callbacks: ThreadCallbacks = {}): Promise<TrainOutcome> {
  return start(data, callbacks, (msg) => (msg.type === 'result' ? msg.outcome : undefined))
}

export type BackendsAnswer = Extract<FromTrainThread, { type: 'backends' }>

/** The backends as a fresh thread sees them: what loads, and which one a model would run on. */
export function backendsOnThread(): Promise<BackendsAnswer> {
  const data: Request = { mode: 'backends', kind: 'autoencoder', params: {}, files: [], labels: null, dir: '', epochs: 0, seed: 0, backend: null, limitInputPixels: 0, maxFileBytes: 0 }
  return start(data, {}, (msg) => (msg.type === 'backends' ? msg : undefined))
}
