import type { ApiClient, ConnectionStatus } from '../api'

/** Whether the engine is reachable; calls `onReconnect` when it comes back so views can catch up. */
export class Connection {
  #status = $state<ConnectionStatus>('connecting')
  readonly #client: ApiClient
  readonly #unsubscribe: () => void

  constructor(client: ApiClient, onReconnect: () => void) {
    this.#client = client
    this.#status = client.status()
    let down = false
    this.#unsubscribe = client.onStatus((status) => {
      this.#status = status
      if (status === 'lost' || status === 'stopped') down = true
      else if (status === 'open' && down) {
        down = false
        onReconnect()
      }
    })
  }

  get status(): ConnectionStatus {
    return this.#status
  }

  /** Gone for a moment: retrying by itself. */
  get lost(): boolean {
    return this.#status === 'lost'
  }

  /** Gone for good or refused: the user has to open the printed address or ask to try again. */
  get stopped(): boolean {
    return this.#status === 'stopped'
  }

  retry(): void {
    this.#client.retry()
  }

  dispose(): void {
    this.#unsubscribe()
  }
}
