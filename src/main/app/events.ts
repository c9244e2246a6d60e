import type { EventName, Events } from '../../shared/contract'

type Listener<E extends EventName> = (payload: Events[E]) => void

/** The events the main side pushes to every connected renderer, typed by the contract. */
export class EventBus {
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>()

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) l(event, payload)
  }

  /** Every event, for a transport that forwards them all. Returns the unsubscribe function. */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    return this.onAny((name, payload) => {
      if (name === event) listener(payload as Events[E])
    })
  }
}
