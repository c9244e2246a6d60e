import type { ApiClient, ConnectionStatus } from '../api'

/** Whether the engine is reachable; calls `onReconnect` when it comes back so views can catch up. */
export class Connection {
  #status = $state<ConnectionStatus>('connecting')
  readonly #unsubscribe: () => void
  readonly tokenMissing: boolean

  constructor(client: ApiClient, onReconnect: () => void) {
    this.#status = client.status()
    this.tokenMissing = !client.hasToken
    this.#unsubscribe = client.onStatus((status) => {
      const wasLost = this.#status === 'lost'
      this.#status = status
      if (wasLost && status === 'open') onReconnect()
    })
  }

  get status(): ConnectionStatus {
    return this.#status
  }

  get lost(): boolean {
    return this.#status === 'lost'
  }

  dispose(): void {
    this.#unsubscribe()
  }
}
