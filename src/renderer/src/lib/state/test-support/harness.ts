import { afterEach, beforeEach, vi } from 'vitest'
import { Jobs } from '../Jobs.svelte'
import { Toasts } from '../Toasts.svelte'
import { FakeApi } from './fake-api'

export interface Harness {
  api: FakeApi
  toasts: Toasts
  /** The job bar, as the panels' states share it. */
  jobs: Jobs
  /** Disposes `state` (its subscriptions and timers) after the test. */
  track<T extends { dispose(): void }>(state: T): T
}

/**
 * Gives each test of the calling file a fresh fake api, toasts and job bar, with fake timers (the
 * states throttle their refetches and let finished jobs linger); undoes it all after each test.
 * The fields are filled before each test, so read them inside tests and hooks.
 */
export function useHarness(): Harness {
  let disposables: { dispose(): void }[] = []
  const harness = {
    track<T extends { dispose(): void }>(state: T): T {
      disposables.push(state)
      return state
    }
  } as Harness
  beforeEach(() => {
    vi.useFakeTimers()
    harness.api = new FakeApi()
    harness.toasts = new Toasts()
    harness.jobs = new Jobs(harness.api, harness.toasts)
    disposables = [harness.jobs]
  })
  afterEach(() => {
    for (const state of disposables) state.dispose()
    vi.useRealTimers()
  })
  return harness
}

/** The messages of the toasts shown, oldest first. */
export const toastMessages = (toasts: Toasts): string[] => toasts.list.map((toast) => toast.message)
