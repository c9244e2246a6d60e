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

/** `stopped`: the engine stayed away or refused this page, so retrying alone will not help. */
export type ConnectionStatus = 'connecting' | 'open' | 'lost' | 'stopped'

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
const LONGEST_RETRY_MS = 4_000
/** An engine that restarts on the same library is back within seconds; one gone longer is stopped or moved. */
const GIVE_UP_AFTER_MS = 10_000

/**
 * The address without its `token` parameter, other parameters and the hash kept: the cookie that
 * came with the page authorises it from now on, and the token stays out of the history.
 */
export function withoutToken(where: Pick<Location, 'pathname' | 'search' | 'hash'>): string {
  const params = new URLSearchParams(where.search)
  params.delete('token')
  const query = params.toString()
  return `${where.pathname}${query ? `?${query}` : ''}${where.hash}`
}

/**
 * The contract over the loopback WebSocket of `likeness serve`. Calls made before the socket opens
 * (or while it reconnects) wait in order; calls already sent when the socket drops are rejected,
 * because nobody can say whether the engine ran them.
 */
export class WsApi implements LikenessApi {
  readonly #token: string
  readonly #url: string
  readonly #accessUrl: string
  #socket: WebSocket | null = null
  #nextId = 1
  #pending = new Map<number, Pending>()
  #listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  #statusListeners = new Set<(status: ConnectionStatus) => void>()
  #status: ConnectionStatus = 'connecting'
  #retries = 0
  /** When the connection was lost, until it opens again. */
  #lostSince: number | null = null

  constructor(where: Location, history?: History) {
    this.#token = new URLSearchParams(where.search).get('token') ?? ''
    if (this.#token && history) history.replaceState(history.state, '', withoutToken(where))
    // A reloaded page no longer has the token; the cookie set with the page authorises it alone.
    const query = this.#token ? `?token=${encodeURIComponent(this.#token)}` : ''
    const scheme = where.protocol === 'https:' ? 'wss' : 'ws'
    this.#url = `${scheme}://${where.host}/ws${query}`
    this.#accessUrl = `/access${query}`
    this.#connect()
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

  /** Authorised by the page's cookie, so the token is in no image URL or cache entry. */
  thumbnailUrl(itemId: number): string {
    return `/thumb/${itemId}`
  }

  previewUrl(itemId: number): string {
    return `/preview/${itemId}`
  }

  pathForFile(): string {
    // A browser never reveals where a dropped file lives on disk.
    return ''
  }

  /** After the engine stopped or refused this page: start over, with the full wait before giving up. */
  retry(): void {
    if (this.#status !== 'stopped') return
    this.#retries = 0
    this.#lostSince = null
    this.#setStatus('connecting')
    this.#connect()
  }

  #connect(): void {
    const socket = new WebSocket(this.#url)
    this.#socket = socket
    let opened = false
    socket.addEventListener('open', () => {
      opened = true
      this.#retries = 0
      this.#lostSince = null
      this.#setStatus('open')
      this.#flush()
    })
    socket.addEventListener('message', (event) => this.#receive(event.data))
    socket.addEventListener('close', () => void this.#lost(socket, opened))
  }

  async #lost(socket: WebSocket, opened: boolean): Promise<void> {
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
    this.#lostSince ??= Date.now()
    this.#setStatus('lost')
    // A browser hides why a WebSocket handshake failed; the access check tells a refusal (a new
    // token, a stale cookie) from an engine that is not there.
    if (!opened && (await this.#refused())) return this.#setStatus('stopped')
    if (Date.now() - this.#lostSince >= GIVE_UP_AFTER_MS) return this.#setStatus('stopped')
    const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.#retries++)
    setTimeout(() => this.#connect(), delay)
  }

  async #refused(): Promise<boolean> {
    try {
      return (await fetch(this.#accessUrl, { cache: 'no-store' })).status === 403
    } catch {
      return false
    }
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
