import { knnOfTileRows, tileRowCount, type KnnHeaps } from '../engine/search/all-knn-blocked'
import { serveTasks } from './serve-worker'

/**
 * One thread's share of an exact all-k-nearest-neighbours search. `data` and `counters` are views
 * of shared memory, read and updated by every thread of the search: the matrix is never copied,
 * and each thread takes the next tile row from counters[0] until none is left (the first, the
 * largest, go first), so a thread that runs slower simply takes fewer. counters[1] counts the
 * tiles done, for progress.
 */
export interface KnnTask {
  data: Float32Array
  rows: number
  cols: number
  k: number
  counters: Int32Array
}

/** The heaps of every row from the pairs of the tile rows this thread took, and which those were. */
export interface KnnPart extends KnnHeaps {
  tileRows: number[]
}

serveTasks<KnnTask, KnnPart>(async ({ data, rows, cols, k, counters }) => {
  const count = tileRowCount(rows)
  const taken: number[] = []
  function* take(): Generator<number> {
    for (let t = Atomics.add(counters, 0, 1); t < count; t = Atomics.add(counters, 0, 1)) {
      taken.push(t)
      yield t
    }
  }
  // Tile row t holds count − t tiles.
  const heaps = knnOfTileRows({ data, rows, cols }, k, take(), { onTileRow: (t) => Atomics.add(counters, 1, count - t) })
  return { ...heaps, tileRows: taken }
})
