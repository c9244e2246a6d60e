import { Worker } from 'node:worker_threads'
import { RemoteError, type FromWorker, type ToWorker } from './messages'
import type { WorkerEntry } from './worker-entry'

interface Pending<R> {
  resolve: (r: R) => void
  reject: (e: Error) => void
}

interface Queued<T, R> {
  id: number
  task: T
  pending: Pending<R>
  /** Held by a worker that died: it runs again on a worker of its own, to find which task crashed it. */
  alone?: boolean
}

interface Slot<T, R> {
  worker: Worker
  busy: Map<number, Queued<T, R>>
  ready: boolean
  /** The error the worker reported before it stopped, if any. */
  error?: string
}

/** Workers that die before they are ready, in a row, before the pool gives up restarting them. */
const MAX_START_FAILURES = 3

export interface PoolOptions {
  size: number
  /** Tasks sent to one worker before it answers; more than one hides the message latency. */
  perWorker?: number
  workerData?: unknown
  /** What a task is, for the error of a worker that stopped while handling one. Default 'this file'. */
  taskName?: string
}

/**
 * A fixed set of worker threads. A worker that dies (a crash in a native decoder, say) fails only
 * the tasks it held, with kind 'worker-crashed', and is replaced; the pool goes on.
 */
export class WorkerPool<T, R> {
  private readonly slots: Slot<T, R>[] = []
  private readonly queue: Queued<T, R>[] = []
  private nextId = 1
  private closed = false
  private startFailures = 0
  private broken: Error | null = null
  private readonly perWorker: number

  constructor(private readonly entry: WorkerEntry, private readonly options: PoolOptions) {
    this.perWorker = options.perWorker ?? 2
    for (let i = 0; i < Math.max(1, options.size); i++) this.slots.push(this.spawn())
  }

  get size(): number {
    return this.slots.length
  }

  run(task: T): Promise<R> {
    if (this.closed) return Promise.reject(new RemoteError('pool-closed', 'The worker pool is closed.'))
    if (this.broken) return Promise.reject(this.broken)
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, pending: { resolve, reject } })
      this.dispatch()
    })
  }

  /** Drops queued tasks (their promises reject with kind 'cancelled'); running ones finish. */
  clearQueue(): void {
    for (const q of this.queue.splice(0)) q.pending.reject(new RemoteError('cancelled', 'Cancelled.'))
  }

  async close(): Promise<void> {
    this.closed = true
    this.clearQueue()
    await Promise.all(this.slots.map((s) => s.worker.terminate()))
  }

  private spawn(): Slot<T, R> {
    const worker = new Worker(this.entry.file, { execArgv: this.entry.execArgv, workerData: this.options.workerData })
    const slot: Slot<T, R> = { worker, busy: new Map(), ready: false }
    worker.on('message', (msg: FromWorker<R>) => {
      if (msg.type === 'ready') {
        slot.ready = true
        this.startFailures = 0
        return
      }
      const p = slot.busy.get(msg.id)?.pending
      if (!p) return
      slot.busy.delete(msg.id)
      if (msg.type === 'result') p.resolve(msg.result)
      else p.reject(new RemoteError(msg.error.kind, msg.error.message))
      this.dispatch()
    })
    const onDeath = (why: string): void => {
      const index = this.slots.indexOf(slot)
      if (index < 0) return
      const held = [...slot.busy.values()]
      slot.busy.clear()
      if (this.closed) {
        for (const q of held) q.pending.reject(new RemoteError('pool-closed', 'The worker pool was closed.'))
        return
      }
      if (slot.ready && held.length === 1) {
        held[0]!.pending.reject(new RemoteError('worker-crashed', `The worker stopped while handling ${this.options.taskName ?? 'this file'} (${why}).`))
      } else {
        // Several tasks (or a worker that never started): none is known to be at fault, so each
        // runs again, alone, and only a task that crashes a worker by itself fails.
        this.queue.unshift(...held.map((q) => ({ ...q, alone: slot.ready ? true : q.alone })))
      }
      if (this.closed) return
      if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
        // A worker that cannot even start will not start next time either: fail fast, don't spin.
        this.broken = new RemoteError('worker-start-failed', `The worker could not start (${why}).`)
        for (const q of this.queue.splice(0)) q.pending.reject(this.broken)
        return
      }
      this.slots[index] = this.spawn()
      this.dispatch()
    }
    // 'error' normally comes before 'exit', but not always: an exit waits a turn so that the
    // worker's own message, when it sent one, is the one reported.
    worker.on('error', (err) => {
      slot.error = err.message
      onDeath(err.message)
    })
    worker.on('exit', (code) => setImmediate(() => onDeath(slot.error ?? `exit code ${code}`)))
    return slot
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      while (this.queue.length > 0) {
        const head = this.queue[0]!
        const holdsAlone = [...slot.busy.values()].some((q) => q.alone)
        if (holdsAlone || slot.busy.size >= (head.alone ? 1 : this.perWorker) || (head.alone && slot.busy.size > 0)) break
        const q = this.queue.shift()!
        slot.busy.set(q.id, q)
        slot.worker.postMessage({ type: 'task', id: q.id, task: q.task } satisfies ToWorker<T>)
      }
    }
  }
}
