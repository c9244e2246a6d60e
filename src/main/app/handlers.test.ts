import { describe, expect, it } from 'vitest'
import type { Channel } from '../../shared/contract'
import { RemoteError } from '../jobs/messages'
import { Registry, type HandlerMap, type Logger } from './handlers'
import { ARG_SCHEMAS } from './schemas'

interface Setup {
  registry: Registry
  warnings: string[]
  calls: { channel: string; arg: unknown }[]
}

/** A registry over handlers that record their calls and answer `{echo: arg}`, unless given others. */
function setup(overrides: Partial<Record<Channel, (arg: unknown) => unknown>> = {}): Setup {
  const warnings: string[] = []
  const calls: { channel: string; arg: unknown }[] = []
  const handlers = Object.fromEntries(
    (Object.keys(ARG_SCHEMAS) as Channel[]).map((channel) => [
      channel,
      (arg: unknown) => {
        calls.push({ channel, arg })
        const own = overrides[channel]
        return own ? own(arg) : { echo: arg }
      }
    ])
  ) as unknown as HandlerMap
  const log: Logger = { warn: (m) => warnings.push(m) }
  return { registry: new Registry(handlers, log), warnings, calls }
}

describe('Registry: unknown channels', () => {
  it.each([
    ['a name not in the contract', 'datasets:drop'],
    ['an inherited property', 'toString'],
    ['the prototype', '__proto__'],
    ['a constructor', 'constructor'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined]
  ])('refuses %s, logs it and calls nothing', async (_, channel) => {
    const { registry, warnings, calls } = setup()
    const reply = await registry.invoke(channel, {})
    expect(reply.ok).toBe(false)
    expect(!reply.ok && reply.error.kind).toBe('unknown-channel')
    expect(!reply.ok && reply.error.message).toContain(String(channel))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/Unknown request channel/)
    expect(calls).toEqual([])
  })

  it('cuts a very long channel name in the message', async () => {
    const { registry, warnings } = setup()
    const reply = await registry.invoke('x'.repeat(10_000), {})
    expect(!reply.ok && reply.error.message.length).toBeLessThan(200)
    expect(warnings[0]!.length).toBeLessThan(200)
  })
})

describe('Registry: invalid arguments', () => {
  it.each([
    ['a string id', 'datasets:get', { id: '3' }, 'id'],
    ['a negative id', 'datasets:get', { id: -1 }, 'id'],
    ['a zero id', 'items:get', { id: 0 }, 'id'],
    ['a fractional id', 'jobs:cancel', { id: 1.5 }, 'id'],
    ['an unsafe integer id', 'jobs:resume', { id: 2 ** 60 }, 'id'],
    ['a missing id', 'datasets:remove', {}, 'id'],
    ['a wrong id field', 'items:list', { id: 1 }, 'datasetId'],
    ['an extra key', 'datasets:get', { id: 1, sql: 'DROP TABLE items' }, 'sql'],
    ['a key on an argument-less channel', 'datasets:list', { all: true }, 'all'],
    ['a NUL byte in a path', 'import:start', { paths: ['/data/a\0b'] }, 'paths.0'],
    ['an empty path', 'import:start', { paths: [''] }, 'paths.0'],
    ['an empty paths array', 'import:start', { paths: [] }, 'paths'],
    ['paths that are not an array', 'import:start', { paths: '/data' }, 'paths'],
    ['a non-boolean option', 'import:start', { paths: ['/data'], followSymlinks: 'yes' }, 'followSymlinks'],
    ['a non-object argument', 'datasets:get', 7, 'argument']
  ] as const)('refuses %s with a message naming the field, and calls nothing', async (_, channel, arg, field) => {
    const { registry, warnings, calls } = setup()
    const reply = await registry.invoke(channel, arg)
    expect(reply.ok).toBe(false)
    if (reply.ok) return
    expect(reply.error.kind).toBe('invalid-argument')
    expect(reply.error.message).toContain(channel)
    expect(reply.error.message).toContain(field)
    expect(warnings).toEqual([reply.error.message])
    expect(calls).toEqual([])
  })

  it.each([
    ['an own __proto__ key, as JSON.parse makes it', 'datasets:get', JSON.parse('{"id": 1, "__proto__": {"admin": true}}'), '__proto__'],
    ['a constructor key', 'datasets:list', { constructor: 5 }, 'constructor'],
    ['a prototype key', 'runs:list', { prototype: {} }, 'prototype'],
    ['a nested __proto__ key', 'features:start', JSON.parse('{"datasetId": 1, "method": "m", "params": {"__proto__": 1}}'), 'params.__proto__'],
    ['a constructor key inside settings', 'runs:start', { datasetId: 1, featureSetId: 1, settings: { reduce: { constructor: 1 } } }, 'settings.reduce.constructor']
  ] as const)('refuses %s by name, and calls nothing', async (_, channel, arg, path) => {
    const { registry, warnings, calls } = setup()
    const reply = await registry.invoke(channel, arg)
    expect(reply.ok).toBe(false)
    if (reply.ok) return
    expect(reply.error.kind).toBe('invalid-argument')
    expect(reply.error.message).toContain(`${path}: this key is not allowed`)
    expect(warnings).toEqual([reply.error.message])
    expect(calls).toEqual([])
  })

  it('says why a path with a NUL byte is refused', async () => {
    const { registry } = setup()
    const reply = await registry.invoke('import:start', { paths: ['/ok', '/bad\0'] })
    expect(!reply.ok && reply.error.message).toMatch(/paths\.1: a path cannot contain a NUL byte/)
  })

  it('refuses more than 100 paths and over-long paths', async () => {
    const { registry, calls } = setup()
    const many = await registry.invoke('import:start', { paths: Array.from({ length: 101 }, (_, i) => `/d/${i}`) })
    expect(!many.ok && many.error.kind).toBe('invalid-argument')
    const long = await registry.invoke('import:start', { paths: [`/${'a'.repeat(5000)}`] })
    expect(!long.ok && long.error.kind).toBe('invalid-argument')
    expect(calls).toEqual([])
  })
})

describe('Registry: calls', () => {
  it('answers a good call with the handler value, passing the checked argument', async () => {
    const { registry, warnings, calls } = setup()
    expect(await registry.invoke('datasets:get', { id: 12 })).toEqual({ ok: true, value: { echo: { id: 12 } } })
    expect(await registry.invoke('import:start', { paths: ['/a', '/b'], followSymlinks: true })).toEqual({
      ok: true,
      value: { echo: { paths: ['/a', '/b'], followSymlinks: true } }
    })
    expect(calls.map((c) => c.channel)).toEqual(['datasets:get', 'import:start'])
    expect(warnings).toEqual([])
  })

  it('treats a missing argument of an argument-less channel as empty', async () => {
    const { registry, calls } = setup()
    expect(await registry.invoke('jobs:list', undefined)).toEqual({ ok: true, value: { echo: {} } })
    expect(calls).toEqual([{ channel: 'jobs:list', arg: {} }])
  })

  it('waits for an async handler', async () => {
    const { registry } = setup({ 'datasets:list': async () => [{ id: 1 }] })
    expect(await registry.invoke('datasets:list', {})).toEqual({ ok: true, value: [{ id: 1 }] })
  })

  it('turns a thrown error into {kind, message}', async () => {
    const { registry } = setup({
      'items:get': () => {
        throw new RemoteError('not-found', 'There is no item 5.')
      }
    })
    expect(await registry.invoke('items:get', { id: 5 })).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'There is no item 5.' }
    })
  })

  it('turns a rejected promise, an error with a kind and a thrown string into {kind, message}', async () => {
    const { registry } = setup({
      'datasets:remove': async () => {
        throw Object.assign(new Error('Busy.'), { kind: 'busy' })
      },
      'jobs:cancel': () => {
        throw new TypeError('bad')
      },
      'jobs:resume': () => {
        throw 'nope'
      }
    })
    expect(await registry.invoke('datasets:remove', { id: 1 })).toEqual({ ok: false, error: { kind: 'busy', message: 'Busy.' } })
    expect(await registry.invoke('jobs:cancel', { id: 1 })).toEqual({ ok: false, error: { kind: 'TypeError', message: 'bad' } })
    expect(await registry.invoke('jobs:resume', { id: 1 })).toEqual({ ok: false, error: { kind: 'error', message: 'nope' } })
  })
})
