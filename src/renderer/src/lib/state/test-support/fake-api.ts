import type {
  ArgOf,
  Channel,
  EventName,
  Events,
  JobInfo,
  JobKind,
  LikenessApi,
  ResultOf
} from '../../../../../shared/contract'
import type { ApiClient, ConnectionStatus } from '../../api'

type Handler<C extends Channel> = (arg: ArgOf<C>) => ResultOf<C> | Promise<ResultOf<C>>

/** A call the fake has received, in order. */
export interface Call {
  channel: Channel
  arg: unknown
}

/**
 * The api the state classes talk through, without an engine: each channel answers what the test
 * scripted (a value, a function of the argument, or a thrown error), every call is recorded, and
 * `emit` pushes an event as the engine would. A channel nobody scripted rejects, so a test sees
 * a call it did not expect.
 */
export class FakeApi implements LikenessApi {
  readonly calls: Call[] = []
  readonly #handlers = new Map<Channel, Handler<Channel>>()
  readonly #listeners = new Map<EventName, Set<(payload: never) => void>>()

  /** Answers every later call on `channel` with `answer` (a function is called with the argument). */
  answer<C extends Channel>(channel: C, answer: ResultOf<C> | Handler<C>): this {
    const handler = typeof answer === 'function' ? (answer as Handler<C>) : () => answer
    this.#handlers.set(channel, handler as unknown as Handler<Channel>)
    return this
  }

  /** Rejects every later call on `channel` with `error`. */
  fail(channel: Channel, error: unknown): this {
    this.#handlers.set(channel, () => {
      throw error
    })
    return this
  }

  /** Makes the next calls on `channel` wait until the test resolves them, one deferred per call. */
  hold<C extends Channel>(channel: C): Deferred<ResultOf<C>>[] {
    const held: Deferred<ResultOf<C>>[] = []
    this.answer(channel, () => {
      const deferred = defer<ResultOf<C>>()
      held.push(deferred)
      return deferred.promise
    })
    return held
  }

  callsOf(channel: Channel): unknown[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.arg)
  }

  async invoke<C extends Channel>(channel: C, arg: ArgOf<C>): Promise<ResultOf<C>> {
    this.calls.push({ channel, arg })
    const handler = this.#handlers.get(channel) as Handler<C> | undefined
    if (!handler) throw new Error(`No answer scripted for ${channel}`)
    return await handler(arg)
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set()
    this.#listeners.set(event, set)
    set.add(listener as (payload: never) => void)
    return () => set.delete(listener as (payload: never) => void)
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (payload: Events[E]) => void)(payload)
  }

  /** How many listeners are subscribed to `event`, to check that `dispose` unsubscribes. */
  listeners(event: EventName): number {
    return this.#listeners.get(event)?.size ?? 0
  }

  thumbnailUrl(itemId: number): string {
    return `likeness://thumb/${itemId}`
  }

  previewUrl(itemId: number): string {
    return `likeness://preview/${itemId}`
  }

  pathForFile(file: File): string {
    return file.name.startsWith('/') ? file.name : ''
  }
}

/** A client over a fake api whose connection status the test sets. */
export function fakeClient(api: FakeApi): ApiClient & { setStatus(status: ConnectionStatus): void } {
  let status: ConnectionStatus = 'open'
  const listeners = new Set<(status: ConnectionStatus) => void>()
  return {
    api,
    transport: 'ws',
    status: () => status,
    onStatus: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    retry: () => {},
    setStatus(next) {
      status = next
      for (const listener of listeners) listener(next)
    }
  }
}

export interface Deferred<T> {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

export function defer<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Lets every pending promise callback run (the fake's replies, the classes' `await`s). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/** A job as the engine reports it; `updatedAt` defaults to a fixed second so tests order events by hand. */
export function job(fields: Partial<JobInfo> & { id: number }, kind: JobKind = 'import'): JobInfo {
  return {
    kind,
    state: 'running',
    title: `Job ${fields.id}`,
    datasetId: 1,
    progress: { phase: 'Working', done: 0, total: null },
    error: null,
    result: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:01Z',
    ...fields
  } as JobInfo
}
