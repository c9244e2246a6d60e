import type {
  ArgOf,
  Channel,
  ErrorInfo,
  EventName,
  Events,
  LikenessApi,
  ResultOf
} from '../../../shared/contract'
import { ApiError, DISCONNECTED } from './errors'

export type ConnectionStatus = 'connecting' | 'open' | 'lost'

type ServerMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorInfo }
  | { type: 'event'; event: EventName; payload: unknown }

interface Pending {
  message: string
  sent: boolean
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

const FIRST_RETRY_MS = 500
const LONGEST_RETRY_MS = 10_000

/**
 * The contract over the loopback WebSocket of `likeness serve`. Calls made before the socket opens
 * (or while it reconnects) wait in order; calls already sent when the socket drops are rejected,
 * because nobody can say whether the engine ran them.
 */
export class WsApi implements LikenessApi {
  readonly #token: string
  readonly #url: string
  #socket: WebSocket | null = null
  #nextId = 1
  #pending = new Map<number, Pending>()
  #listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  #statusListeners = new Set<(status: ConnectionStatus) => void>()
  #status: ConnectionStatus = 'connecting'
  #retries = 0

  constructor(where: Location) {
    this.#token = new URLSearchParams(where.search).get('token') ?? ''
    const scheme = where.protocol === 'https:' ? 'wss' : 'ws'
    this.#url = `${scheme}://${where.host}/ws?token=${encodeURIComponent(this.#token)}`
    this.#connect()
  }

  /** Without the token from the address `likeness serve` printed, the engine refuses every connection. */
  get hasToken(): boolean {
    return this.#token !== ''
  }

  get status(): ConnectionStatus {
    return this.#status
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.#statusListeners.add(listener)
    return () => this.#statusListeners.delete(listener)
  }

  invoke<C extends Channel>(channel: C, arg: ArgOf<C>): Promise<ResultOf<C>> {
    const id = this.#nextId++
    const message = JSON.stringify({ type: 'invoke', id, channel, arg })
    return new Promise<ResultOf<C>>((resolve, reject) => {
      const entry: Pending = { message, sent: false, resolve: resolve as (value: unknown) => void, reject }
      this.#pending.set(id, entry)
      this.#flush()
    })
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.#listeners.get(event)
    if (!set) this.#listeners.set(event, (set = new Set()))
    // Payloads are typed by the contract on the server side; the map itself cannot carry that.
    const untyped = listener as (payload: unknown) => void
    set.add(untyped)
    return () => set.delete(untyped)
  }

  thumbnailUrl(itemId: number): string {
    return `/thumb/${itemId}?token=${encodeURIComponent(this.#token)}`
  }

  pathForFile(): string {
    // A browser never reveals where a dropped file lives on disk.
    return ''
  }

  #connect(): void {
    const socket = new WebSocket(this.#url)
    this.#socket = socket
    socket.addEventListener('open', () => {
      this.#retries = 0
      this.#setStatus('open')
      this.#flush()
    })
    socket.addEventListener('message', (event) => this.#receive(event.data))
    socket.addEventListener('close', () => this.#lost(socket))
  }

  #lost(socket: WebSocket): void {
    if (this.#socket !== socket) return
    this.#socket = null
    for (const [id, entry] of this.#pending) {
      if (!entry.sent) continue
      this.#pending.delete(id)
      entry.reject(
        new ApiError({
          kind: DISCONNECTED,
          message: 'Lost connection to the Likeness engine before it answered. Try again once it is back.'
        })
      )
    }
    this.#setStatus('lost')
    const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#retries++)
    setTimeout(() => this.#connect(), delay)
  }

  #flush(): void {
    const socket = this.#socket
    if (!socket || socket.readyState !== WebSocket.OPEN) return
    for (const entry of this.#pending.values()) {
      if (entry.sent) continue
      socket.send(entry.message)
      entry.sent = true
    }
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return
    let message: ServerMessage
    try {
      message = JSON.parse(data) as ServerMessage
    } catch {
      console.error('Ignored a message from the engine that is not JSON.')
      return
    }
    if (message.type === 'event') {
      for (const listener of this.#listeners.get(message.event) ?? []) listener(message.payload)
      return
    }
    const entry = this.#pending.get(message.id)
    if (!entry) return
    this.#pending.delete(message.id)
    if (message.ok) entry.resolve(message.value)
    else entry.reject(new ApiError(message.error))
  }

  #setStatus(status: ConnectionStatus): void {
    if (status === this.#status) return
    this.#status = status
    for (const listener of this.#statusListeners) listener(status)
  }
}
