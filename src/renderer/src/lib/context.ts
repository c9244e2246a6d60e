import { createContext } from 'svelte'
import type { AppState } from './state/AppState.svelte'

/** The app state, set once by App.svelte and read by any component below it. */
export const [getApp, setApp] = createContext<AppState>()
