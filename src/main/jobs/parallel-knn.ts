/**
 * allKnn over several threads: the same k nearest neighbours of every row, ties by index, with
 * the same distances to the last bit, in about 1/N of the time on N cores.
 *
 * In high dimensions (the blocked scan) each knn.worker reads the matrix from shared memory and
 * takes tile rows of the search one at a time from a shared counter until none is left, so the
 * threads stay busy to the end however the cores are shared; each answers with its heaps of every
 * row, merged here (all-knn-blocked.ts says why that is exact). One part per thread, not more:
 * every part fills all rows' heaps anew, which costs re-checks. Low dimensions (the k-d tree,
 * fast already) and small searches, where starting threads costs more than it saves, run in this
 * thread.
 *
 * Measured on 2 cores (AMD EPYC), standard normal rows, k = 14, the same result every time:
 *  - 70,000 × 50: allKnnBlocked 100 s, here with 2 workers 55 s (each thread busy 54 s; 1.8×).
 *  - 20,000 × 50, four pairs of runs back to back with nothing else running: 7.0 s against 4.1 s,
 *    7.2 against 4.4, 9.9 against 4.8, 9.0 against 4.4 (1.6–2.1×; the cores' speed itself varied
 *    between the pairs). With other jobs on the machine the threads got less: up to 6.7 s.
 *  - The threads start and take their first tile row within about 50 ms; merging and sorting
 *    the heaps of 20,000 rows takes about 40 ms. The threads' CPU time adds up to 5–10 % more
 *    than one thread's.
 */
import { availableParallelism } from 'node:os'
import { finishKnn, mergeKnnHeaps, tileRowCount, type KnnHeaps } from '../engine/search/all-knn-blocked'
import { allKnn, chooseMethod, type IndexOptions } from '../engine/search/build-index'
import { checkAborted, checkK, checkMatrix } from '../engine/search/checks'
import { SearchError, type KnnResult, type LongWork, type Matrix } from '../engine/search/types'
import type { KnnPart, KnnTask } from './knn.worker'
import { WorkerPool } from './pool'
import { workerEntry } from './worker-entry'

/**
 * Below this many multiply-adds (n²·cols/2) the search runs in this thread: about 0.25 s of work
 * on one core. Threads start cold (their code not yet optimised), so on 2 cores 3,000 × 50 rows
 * took 0.23–0.34 s in this thread and 0.27–0.30 s on two workers; 5,000 × 50 took 0.54–0.62 s
 * against 0.45–0.51 s.
 */
export const IN_THREAD_BELOW = 2.5e8

/** How often progress is read from the threads' shared count of tiles done. */
const PROGRESS_EVERY_MS = 200

export interface ParallelKnnOptions extends LongWork, IndexOptions {
  /** Threads to use; by default one per core. Each holds heaps of n·k·12 bytes (12 MB for 70,000 rows, k = 14). */
  workers?: number
  /** Multiply-adds (n²·cols/2) below which the search runs in this thread; IN_THREAD_BELOW by default. */
  inThreadBelow?: number
}

/**
 * allKnn's result (k others per row, ascending distance, ties by index), computed on worker
 * threads when that pays. Progress counts rows' worth of work done, up to n; an abort stops the
 * threads at once and rejects with the signal's reason. No thread is left running when the
 * promise settles.
 */
export async function parallelAllKnn(matrix: Matrix, k: number, options: ParallelKnnOptions = {}): Promise<KnnResult> {
  checkMatrix(matrix)
  const { rows: n, cols } = matrix
  const method = chooseMethod(cols, options.method)
  if (n === 0 || method === 'kd-tree' || (n * n * cols) / 2 < (options.inThreadBelow ?? IN_THREAD_BELOW)) return allKnn(matrix, k, options)
  checkK(k, n)
  const { signal, onProgress } = options
  checkAborted(signal)

  const count = tileRowCount(n)
  const threads = Math.min(count, Math.max(1, Math.floor(options.workers ?? availableParallelism()) || 1))
  const data = sharedCopy(matrix.data)
  // [next tile row to take, tiles done]
  const counters = new Int32Array(new SharedArrayBuffer(8))
  const pool = new WorkerPool<KnnTask, KnnPart>(workerEntry('knn.worker'), { size: threads, perWorker: 1, taskName: 'its part of the neighbour search' })
  // Once stopped, a part that still comes back is dropped: no merge, no progress after the end.
  let stopped = false
  // Closing the pool stops the threads where they are; their tasks reject, and so does Promise.all.
  const onAbort = (): void => {
    stopped = true
    void pool.close()
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  const totalTiles = (count * (count + 1)) / 2
  let reported = 0
  const report = (): void => {
    const done = Math.round((n * Atomics.load(counters, 1)) / totalTiles)
    if (done > reported && !stopped) onProgress?.((reported = done), n)
  }
  const timer = onProgress ? setInterval(report, PROGRESS_EVERY_MS) : undefined
  let merged: KnnHeaps | null = null
  const seen = new Uint8Array(count)
  try {
    await Promise.all(
      Array.from({ length: threads }, async () => {
        const part = await pool.run({ data, rows: n, cols, k, counters })
        if (stopped) return
        for (const t of part.tileRows) seen[t]! += 1
        if (merged) mergeKnnHeaps(merged, part, k)
        else merged = part
      })
    )
    checkAborted(signal)
    // Each tile row is taken once; a thread lost half way would leave pairs out without a trace.
    if (!seen.every((times) => times === 1)) throw new SearchError('The neighbour search lost part of its work to a stopped thread. Run it again.')
    const result = finishKnn(merged!, k)
    report()
    return result
  } catch (err) {
    stopped = true
    checkAborted(signal)
    throw err
  } finally {
    clearInterval(timer)
    signal?.removeEventListener('abort', onAbort)
    await pool.close()
  }
}

/** The values in shared memory, which every worker reads without a copy of its own. */
function sharedCopy(data: Float32Array): Float32Array {
  if (data.buffer instanceof SharedArrayBuffer) return data
  const shared = new Float32Array(new SharedArrayBuffer(data.byteLength))
  shared.set(data)
  return shared
}
