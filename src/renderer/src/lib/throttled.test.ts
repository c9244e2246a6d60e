import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Throttled } from './throttled'

describe('Throttled', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** A task that records when it started and finishes after `ms`. */
  function recorder(ms = 0): { task: () => Promise<void>; starts: number[] } {
    const starts: number[] = []
    const task = (): Promise<void> => {
      starts.push(Date.now())
      return new Promise((resolve) => setTimeout(resolve, ms))
    }
    return { task, starts }
  }

  it('runs the first request at once and folds a burst into one later run', async () => {
    const { task, starts } = recorder()
    const t0 = Date.now()
    const throttled = new Throttled(task, 2000)
    for (let i = 0; i < 50; i++) {
      throttled.request()
      await vi.advanceTimersByTimeAsync(100)
    }
    // 5 s of requests every 100 ms: runs at 0, 2000 and 4000 only.
    expect(starts.map((t) => t - t0)).toEqual([0, 2000, 4000])
  })

  it('now() skips the wait, and runs again after a run in flight', async () => {
    const { task, starts } = recorder(500)
    const t0 = Date.now()
    const throttled = new Throttled(task, 2000)
    throttled.request()
    await vi.advanceTimersByTimeAsync(100)
    throttled.now()
    await vi.advanceTimersByTimeAsync(1000)
    expect(starts.map((t) => t - t0)).toEqual([0, 500])
  })

  it('does nothing once disposed', async () => {
    const { task, starts } = recorder()
    const throttled = new Throttled(task, 2000)
    throttled.request()
    throttled.request()
    throttled.dispose()
    await vi.advanceTimersByTimeAsync(5000)
    throttled.now()
    expect(starts).toHaveLength(1)
  })
})
