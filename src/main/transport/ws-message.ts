import type { ErrorInfo } from '../../shared/types/jobs'

/** One request from a loopback client: `{type: 'invoke', id, channel, arg}` and no other key. */
export interface Invoke {
  id: number
  channel: unknown
  arg: unknown
}

export type Parsed = { ok: true; invoke: Invoke } | { ok: false; id: number | null; error: ErrorInfo }

const ENVELOPE_KEYS = new Set(['type', 'id', 'channel', 'arg'])

/**
 * Keys that name an object's prototype machinery. JSON.parse makes `__proto__` an own property,
 * which a schema then ignores or looks up on the prototype chain; refusing them outright keeps
 * a crafted message from ever reaching a lookup.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Parses and checks one text message; what is wrong is said in a sentence the sender can act on. */
export function parseMessage(text: string): Parsed {
  let msg: unknown
  let forbidden: string | null = null
  try {
    msg = JSON.parse(text, (key, value: unknown) => {
      if (!FORBIDDEN_KEYS.has(key)) return value
      // Dropped rather than thrown, so the reply can still carry the request's id.
      forbidden ??= key
      return undefined
    })
  } catch {
    return invalid(null, 'Messages must be JSON.')
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    return invalid(null, 'Expected {type: "invoke", id, channel, arg}.')
  }
  const fields = msg as Record<string, unknown>
  const id = isRequestId(fields.id) ? fields.id : null
  if (forbidden) {
    return invalid(id, `Messages may not contain the key "${forbidden}"; remove it and send the request again.`)
  }
  const unknown = Object.keys(fields).filter((k) => !ENVELOPE_KEYS.has(k))
  if (unknown.length > 0) {
    return invalid(id, `Unknown message keys: ${unknown.slice(0, 5).join(', ').slice(0, 200)}. Send only type, id, channel and arg.`)
  }
  if (fields.type !== 'invoke' || id === null) {
    return invalid(id, 'Expected {type: "invoke", id, channel, arg} with id a whole number from 0 to 2^53 - 1.')
  }
  return { ok: true, invoke: { id, channel: fields.channel, arg: fields.arg } }
}

/** A non-finite id (1e999 parses as Infinity) would come back as null and match no request. */
function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function invalid(id: number | null, message: string): Parsed {
  return { ok: false, id, error: { kind: 'invalid-message', message } }
}
