import type { LikenessApi } from '../shared/contract'

declare global {
  interface Window {
    /** Present in the desktop app; absent in a browser talking to `likeness serve`. */
    api?: LikenessApi
  }
}
