import { DISCONNECTED, errorKind, errorMessage } from '../errors'

export interface Toast {
  id: number
  message: string
}

const SHOW_MS = 8_000

/** Short-lived notes about calls that failed outside any form that could show the error itself. */
export class Toasts {
  #list = $state<Toast[]>([])
  #nextId = 1

  get list(): readonly Toast[] {
    return this.#list
  }

  show(message: string): void {
    const id = this.#nextId++
    this.#list.push({ id, message })
    setTimeout(() => this.dismiss(id), SHOW_MS)
  }

  /** `action` says what the user tried ("Could not cancel the import"). */
  failed(action: string, error: unknown): void {
    // The connection banner already says the engine is gone; a toast per call would only repeat it.
    if (errorKind(error) === DISCONNECTED) return
    this.show(`${action}: ${errorMessage(error)}`)
  }

  dismiss(id: number): void {
    this.#list = this.#list.filter((toast) => toast.id !== id)
  }
}
