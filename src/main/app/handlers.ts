import type { ArgOf, Channel, Handlers, Reply, ResultOf } from '../../shared/contract'
import { ARG_SCHEMAS, describeIssues, prototypeKeyPath } from './schemas'
import { toErrorInfo } from '../jobs/messages'

export type Handler<C extends Channel> = (arg: ArgOf<C>) => Promise<ResultOf<C>> | ResultOf<C>
export type HandlerMap = { [C in Channel]: Handler<C> }

export interface Logger {
  warn(message: string): void
}

/**
 * The one handler registry both transports serve. Every call is checked against its channel's
 * schema first: a bad call is refused with a clear error and logged, never half-executed.
 */
export class Registry {
  constructor(private readonly handlers: HandlerMap, private readonly log: Logger = console) {}

  async invoke(channel: unknown, arg: unknown): Promise<Reply<unknown>> {
    if (typeof channel !== 'string' || !Object.hasOwn(ARG_SCHEMAS, channel)) {
      const message = `Unknown request channel: ${String(channel).slice(0, 80)}.`
      this.log.warn(message)
      return { ok: false, error: { kind: 'unknown-channel', message } }
    }
    const name = channel as Channel
    const forbidden = prototypeKeyPath(arg)
    if (forbidden) {
      const message = `Invalid request to ${name}: ${forbidden}: this key is not allowed in any argument; remove it.`
      this.log.warn(message)
      return { ok: false, error: { kind: 'invalid-argument', message } }
    }
    const parsed = ARG_SCHEMAS[name].safeParse(arg ?? {})
    if (!parsed.success) {
      const message = describeIssues(name, parsed.error)
      this.log.warn(message)
      return { ok: false, error: { kind: 'invalid-argument', message } }
    }
    try {
      const handler = this.handlers[name] as (a: unknown) => Promise<unknown> | unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) }
    }
  }
}

export type { Handlers }
