import type { LikenessApi } from '../../../shared/contract'
import { WsApi, type ConnectionStatus } from './ws-api'

export type { ConnectionStatus }

/** The api the UI talks through, and what it needs to know about the line behind it. */
export interface ApiClient {
  api: LikenessApi
  transport: 'ipc' | 'ws'
  status(): ConnectionStatus
  /** Tells about every change of the connection; Electron IPC never changes, so it never calls. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void
  /** Starts reconnecting again after the line was given up (`stopped`). */
  retry(): void
}

/** Electron's preload gives `window.api`; a page served by `likeness serve` talks over its WebSocket. */
export function createApiClient(): ApiClient {
  const preloaded = window.api
  if (preloaded) {
    return { api: preloaded, transport: 'ipc', status: () => 'open', onStatus: () => () => {}, retry: () => {} }
  }
  const ws = new WsApi(window.location, window.history)
  return {
    api: ws,
    transport: 'ws',
    status: () => ws.status,
    onStatus: (listener) => ws.onStatus(listener),
    retry: () => ws.retry()
  }
}
