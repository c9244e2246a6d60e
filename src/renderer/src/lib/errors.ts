import type { ErrorInfo } from '../../../shared/contract'

/** An error rebuilt on the renderer side from the `{kind, message}` that crossed the transport. */
export class ApiError extends Error {
  readonly kind: string

  constructor(info: ErrorInfo) {
    super(info.message)
    this.name = 'ApiError'
    this.kind = info.kind
  }
}

/** Kind of the rejection a call gets when the engine went away before it answered. */
export const DISCONNECTED = 'disconnected'

export function errorKind(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'kind' in error && typeof error.kind === 'string') {
    return error.kind
  }
  return null
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  if (typeof error === 'string' && error) return error
  return 'Something went wrong. Try again; if it keeps happening, restart Likeness.'
}
