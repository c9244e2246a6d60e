import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { allKnn } from '../engine/search/build-index'
import { gaussianWithDuplicates, integerGrid } from '../engine/search/testing'
import type { Matrix } from '../engine/search/types'
import { parallelAllKnn } from './parallel-knn'
import { WorkerPool } from './pool'

afterEach(() => {
  vi.restoreAllMocks()
})

/** The pools parallelAllKnn starts from now on, to look at afterwards. */
function watchPools(): { pools: () => WorkerPool<unknown, unknown>[]; tasksDone: () => Promise<[number, number]> } {
  const run = vi.spyOn(WorkerPool.prototype, 'run')
  return {
    pools: () => [...new Set(run.mock.contexts as WorkerPool<unknown, unknown>[])],
    /** Tasks that finished with a result, of those given. */
    tasksDone: async () => {
      const outcomes = await Promise.allSettled(run.mock.results.map((r) => r.value as Promise<unknown>))
      return [outcomes.filter((o) => o.status === 'fulfilled').length, outcomes.length]
    }
  }
}

/** A worker whose thread has stopped has threadId −1. */
function threadsOf(pool: WorkerPool<unknown, unknown>): Worker[] {
  return (pool as unknown as { slots: { worker: Worker }[] }).slots.map((s) => s.worker)
}

function errorOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('expected an error')
}

describe('parallelAllKnn', () => {
  it('equals allKnn on 2 workers, duplicated rows included, and stops its threads', async () => {
    const watch = watchPools()
    // 3,000 rows are 47 tile rows, dealt into 8 sets; 600 copies give many ties at distance 0.
    const m = gaussianWithDuplicates(31, 3000, 40, 600)
    const got = await parallelAllKnn(m, 14, { workers: 2, inThreadBelow: 0 })
    const want = allKnn(m, 14)
    expect(got.indices).toEqual(want.indices)
    expect(got.distances).toEqual(want.distances)
    const [pool, ...others] = watch.pools()
    expect(others).toEqual([])
    expect(pool!.size).toBe(2)
    expect(threadsOf(pool!).map((w) => w.threadId)).toEqual([-1, -1])
  })

  it('settles ties by index as allKnn does, on an integer grid', async () => {
    const m = integerGrid(6, 1500, 12, 3)
    const got = await parallelAllKnn(m, 20, { workers: 2, inThreadBelow: 0 })
    const want = allKnn(m, 20)
    expect(got.indices).toEqual(want.indices)
    expect(got.distances).toEqual(want.distances)
  })

  it('reports progress in rows, rising to the total', async () => {
    const m = gaussianWithDuplicates(32, 2000, 30)
    const seen: [number, number][] = []
    await parallelAllKnn(m, 5, { workers: 2, inThreadBelow: 0, onProgress: (done, total) => seen.push([done, total]) })
    expect(seen.at(-1)).toEqual([2000, 2000])
    expect(seen.every(([done, total], t) => total === 2000 && done > 0 && (t === 0 || done > seen[t - 1]![0]))).toBe(true)
  })

  it('rejects with the reason of an abort during the search, its threads stopped', async () => {
    const watch = watchPools()
    const m = gaussianWithDuplicates(33, 3000, 40)
    const controller = new AbortController()
    const reason = new Error('stopped by the user')
    const seen: number[] = []
    // The threads are started and their tasks given before the call first waits.
    const search = parallelAllKnn(m, 10, { workers: 2, inThreadBelow: 0, signal: controller.signal, onProgress: (done) => seen.push(done) })
    expect(watch.pools()).toHaveLength(1)
    controller.abort(reason)
    await expect(search).rejects.toBe(reason)
    expect(seen).toEqual([])
    // The work was dropped, not waited for.
    expect(await watch.tasksDone()).toEqual([0, 2])
    const [pool] = watch.pools()
    expect(threadsOf(pool!).map((w) => w.threadId)).toEqual([-1, -1])
    await expect(pool!.run({})).rejects.toThrow('closed')
  })

  it('rejects at once, starting no thread, when the signal is already aborted', async () => {
    const watch = watchPools()
    const controller = new AbortController()
    controller.abort(new Error('cancelled before it began'))
    await expect(parallelAllKnn(gaussianWithDuplicates(34, 500, 20), 5, { inThreadBelow: 0, signal: controller.signal })).rejects.toThrow('cancelled before it began')
    expect(watch.pools()).toEqual([])
  })

  it('refuses a bad k with allKnn\'s own message', async () => {
    const m = gaussianWithDuplicates(35, 40, 20)
    for (const k of [0, 2.5, 40]) {
      await expect(parallelAllKnn(m, k, { workers: 2, inThreadBelow: 0 })).rejects.toThrow(errorOf(() => allKnn(m, k)))
    }
  })

  it('answers low dimensions and small searches in this thread, with allKnn\'s result', async () => {
    const watch = watchPools()
    const cases: [Matrix, number][] = [
      [gaussianWithDuplicates(36, 3000, 8), 14],
      [gaussianWithDuplicates(37, 400, 50), 14],
      [{ data: new Float32Array(0), rows: 0, cols: 50 }, 3]
    ]
    for (const [m, k] of cases) {
      const got = await parallelAllKnn(m, k, { workers: 2 })
      expect(got).toEqual(allKnn(m, k))
    }
    expect(watch.pools()).toEqual([])
  })
})
