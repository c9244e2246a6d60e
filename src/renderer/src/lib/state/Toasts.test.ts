import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, DISCONNECTED } from '../errors'
import { Toasts } from './Toasts.svelte'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

const messages = (toasts: Toasts): string[] => toasts.list.map((t) => t.message)

describe('Toasts', () => {
  it('says what failed and why, and goes after eight seconds', () => {
    const toasts = new Toasts()
    toasts.failed('Could not cancel the import', new Error('The job has ended'))
    expect(messages(toasts)).toEqual(['Could not cancel the import: The job has ended'])
    vi.advanceTimersByTime(7_999)
    expect(toasts.list).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(toasts.list).toHaveLength(0)
  })

  it('stays quiet about calls cut off by a lost connection, which the banner already tells', () => {
    const toasts = new Toasts()
    toasts.failed('Could not load the runs', new ApiError({ kind: DISCONNECTED, message: 'The engine went away' }))
    expect(toasts.list).toHaveLength(0)
  })

  it('dismisses one toast by id, and each toast keeps its own eight seconds', () => {
    const toasts = new Toasts()
    toasts.show('first')
    vi.advanceTimersByTime(4_000)
    toasts.show('second')
    toasts.show('third')
    toasts.dismiss(toasts.list[1]!.id)
    expect(messages(toasts)).toEqual(['first', 'third'])
    vi.advanceTimersByTime(4_000)
    expect(messages(toasts)).toEqual(['third'])
    vi.advanceTimersByTime(4_000)
    expect(toasts.list).toHaveLength(0)
  })

  it('falls back to a message that says what to do when the error has none', () => {
    const toasts = new Toasts()
    toasts.failed('Could not open the run', {})
    expect(messages(toasts)[0]).toMatch(/^Could not open the run: Something went wrong\. Try again/)
  })
})
