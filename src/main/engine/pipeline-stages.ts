/**
 * Timing and progress of a run's stages: each stage reports under a label a user can read and is
 * timed under a short id (`layout`, `cluster`, …) for the stored timings.
 */

export type StageCallback = (stage: string, done: number, total: number | null) => void

export class StageClock {
  readonly timings: Record<string, number> = {}
  readonly notes: string[] = []

  constructor(
    private readonly onStage?: StageCallback,
    private readonly signal?: AbortSignal
  ) {}

  /** Runs one stage; `progress(done, total)` reports inside it. Time adds up under `id`. */
  async run<T>(id: string, label: string, fn: (progress: (done: number, total: number) => void) => T | Promise<T>): Promise<T> {
    this.signal?.throwIfAborted()
    this.onStage?.(label, 0, null)
    const t0 = performance.now()
    const out = await fn((done, total) => this.onStage?.(label, done, total))
    this.timings[id] = (this.timings[id] ?? 0) + (performance.now() - t0) / 1000
    return out
  }

  /** A stage whose output came from the cache. */
  reused(id: string, note: string): void {
    this.timings[id] = 0
    this.notes.push(note)
  }
}
