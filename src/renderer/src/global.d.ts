import type { LikenessApi } from '../../shared/contract'

declare global {
  interface Window {
    /** Set by the Electron preload script; absent when the page is served over the loopback WebSocket. */
    api?: LikenessApi
  }
}

export {}
