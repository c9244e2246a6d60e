/**
 * Runs an async task at most once per interval. Requests that arrive while it waits or runs fold
 * into a single later run, so a burst of progress events costs one refetch, not hundreds.
 */
export class Throttled {
  readonly #task: () => Promise<void>
  readonly #intervalMs: number
  #lastStart = Number.NEGATIVE_INFINITY
  #running = false
  #pending: 'none' | 'soon' | 'now' = 'none'
  #timer: ReturnType<typeof setTimeout> | null = null
  #disposed = false

  constructor(task: () => Promise<void>, intervalMs: number) {
    this.#task = task
    this.#intervalMs = intervalMs
  }

  /** Run within the interval: now if the last run is old enough, else when it is. */
  request(): void {
    if (this.#disposed) return
    if (this.#running) {
      if (this.#pending === 'none') this.#pending = 'soon'
      return
    }
    if (this.#timer) return
    const wait = this.#lastStart + this.#intervalMs - Date.now()
    if (wait <= 0) {
      void this.#run()
      return
    }
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.#run()
    }, wait)
  }

  /** Run as soon as the current run (if any) ends, ignoring the interval: the final refresh of a job. */
  now(): void {
    if (this.#disposed) return
    this.#clearTimer()
    if (this.#running) {
      this.#pending = 'now'
      return
    }
    void this.#run()
  }

  dispose(): void {
    this.#disposed = true
    this.#clearTimer()
  }

  async #run(): Promise<void> {
    this.#running = true
    this.#lastStart = Date.now()
    try {
      await this.#task()
    } catch (error) {
      // Tasks report their own failures to the user; this only keeps a stray rejection visible.
      console.error(error)
    } finally {
      this.#running = false
      const pending = this.#pending
      this.#pending = 'none'
      if (pending === 'now') this.now()
      else if (pending === 'soon') this.request()
    }
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
  }
}
