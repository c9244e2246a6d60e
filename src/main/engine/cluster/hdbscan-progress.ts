/**
 * Progress and cancellation for the HDBSCAN phases. Hot loops call `tick` on every iteration; it
 * does work only on every 1024th, so checking costs nothing measurable.
 */
export interface Progress {
  /** On every 1024th `i`: throws the signal's reason if aborted, and reports `base + i` when a base is given. */
  tick(i: number, base?: number): void
  /** Reports `done` of the run's total at once. */
  report(done: number): void
}

export function makeProgress(total: number, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Progress {
  return {
    tick(i, base) {
      if ((i & 1023) !== 0) return
      if (signal?.aborted) throw signal.reason
      if (base !== undefined) onProgress?.(base + i, total)
    },
    report(done) {
      if (signal?.aborted) throw signal.reason
      onProgress?.(done, total)
    }
  }
}
