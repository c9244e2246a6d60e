/**
 * Core distances for HDBSCAN: the distance from each row to its k-th nearest other row, where
 * k = minSamples − 1 (R's `dbscan::coredist`: minPts counts the point itself).
 */
import { type KdTree, kdCoreDistances, siftDown } from './hdbscan-kdtree'
import type { Progress } from './hdbscan-progress'

/** Core distances in row order: through the k-d tree when there is one, else brute force. */
export function computeCoreDistances(
  data: Float32Array,
  rows: number,
  cols: number,
  k: number,
  tree: KdTree | undefined,
  progress: Progress
): Float64Array {
  if (!tree) return bruteCoreDistances(data, rows, cols, k, progress)
  const inTreeOrder = kdCoreDistances(tree, k, progress)
  const core = new Float64Array(rows)
  for (let i = 0; i < rows; i++) core[tree.order[i]!] = inTreeOrder[i]!
  return core
}

/**
 * O(n²·d) scan with a size-k max-heap per row. A row's partial sum stops as soon as it reaches the
 * current k-th distance, which in high dimensions skips most of the columns for most pairs.
 */
export function bruteCoreDistances(data: Float32Array, rows: number, cols: number, k: number, progress: Progress): Float64Array {
  const core = new Float64Array(rows)
  if (k === 0) return core
  const heap = new Float64Array(k)
  for (let i = 0; i < rows; i++) {
    progress.tick(i, 0)
    heap.fill(Infinity)
    const oi = i * cols
    for (let j = 0; j < rows; j++) {
      if (j === i) continue
      const bound = heap[0]!
      const oj = j * cols
      let sum = 0
      for (let d = 0; d < cols && sum < bound; d++) {
        const t = data[oi + d]! - data[oj + d]!
        sum += t * t
      }
      if (sum < bound) siftDown(heap, sum)
    }
    core[i] = Math.sqrt(heap[0]!)
  }
  return core
}
