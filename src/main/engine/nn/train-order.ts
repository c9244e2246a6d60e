/**
 * Batch order and progress pacing for the training loop. The order of an epoch depends only on the
 * seed and the epoch's number, so a run resumed at epoch 3 sees the same batches as one that never
 * stopped, without replaying the generator through the epochs it skipped.
 */
import { seededRandom } from '../random'

/** The rows of one epoch in a seeded random order (Fisher–Yates). */
export function epochOrder(rows: Int32Array, seed: number, epoch: number): Int32Array {
  const random = seededRandom((seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0)
  const order = Int32Array.from(rows)
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  return order
}

/** True at most once per `intervalMs`: per-batch progress stays at ≤ 10 events a second. */
export function throttle(intervalMs: number, now: () => number): () => boolean {
  let last = -Infinity
  return () => {
    const t = now()
    if (t - last < intervalMs) return false
    last = t
    return true
  }
}
