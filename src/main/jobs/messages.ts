import type { ErrorInfo } from '../../shared/contract'

/** Messages between the pool and its workers: tagged unions with ids (errors as {kind, message}). */
export type ToWorker<T> = { type: 'task'; id: number; task: T }
export type FromWorker<R> =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: R }
  | { type: 'error'; id: number; error: ErrorInfo }

export function toErrorInfo(err: unknown, kind = 'error'): ErrorInfo {
  if (err instanceof Error) return { kind: (err as { kind?: string }).kind ?? err.name ?? kind, message: err.message }
  return { kind, message: String(err) }
}

/** An error rebuilt on this side of a boundary, naming the call that failed. */
export class RemoteError extends Error {
  constructor(readonly kind: string, message: string) {
    super(message)
    this.name = kind
  }
}
