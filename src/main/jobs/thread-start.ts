/**
 * The answer of one job thread as a promise: the thread's messages settle it, a thread that fails
 * or exits first rejects it with a RemoteError that says what to try, and the thread is ended once
 * it is settled.
 */
import type { Worker } from 'node:worker_threads'
import type { ErrorInfo } from '../../shared/contract'
import { RemoteError } from './messages'

export interface Settle<T> {
  resolve(value: T): void
  reject(reason: unknown): void
}

export interface ThreadWatch<T, M> {
  signal?: AbortSignal
  /** What an abort does (also at once if the signal has already fired). */
  onAbort(settle: Settle<T>): void
  /** Every message but `{ type: 'error' }`, which rejects with the thread's error. */
  onMessage(msg: M, settle: Settle<T>): void
  /** The RemoteError kind when the thread fails or exits before answering. */
  failKind: string
  errorText(message: string): string
  exitText(code: number): string
}

export function watchThread<T, M extends { type: string }>(worker: Worker, watch: ThreadWatch<T, M>): Promise<T> {
  const { signal } = watch
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      fn()
    }
    const settle: Settle<T> = {
      resolve: (value) => finish(() => resolve(value)),
      reject: (reason) => finish(() => reject(reason))
    }
    const onAbort = (): void => watch.onAbort(settle)
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (msg: M | { type: 'error'; error: ErrorInfo }) => {
      if (isError(msg)) settle.reject(new RemoteError(msg.error.kind, msg.error.message))
      else watch.onMessage(msg, settle)
    })
    worker.on('error', (err) => settle.reject(new RemoteError(watch.failKind, watch.errorText(err.message))))
    worker.on('exit', (code) => settle.reject(new RemoteError(watch.failKind, watch.exitText(code))))
  })
}

function isError<M extends { type: string }>(msg: M | { type: 'error'; error: ErrorInfo }): msg is { type: 'error'; error: ErrorInfo } {
  return msg.type === 'error'
}
