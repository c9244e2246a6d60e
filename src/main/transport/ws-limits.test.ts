import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startTestServer, type TestServer } from '../test-support/ws-server'

let server: TestServer
let release = (): void => {}
let opened = Promise.resolve()

beforeAll(async () => {
  server = await startTestServer({
    'datasets:list': () => [],
    // Held open until the test releases it, so requests stay in flight.
    'jobs:list': async () => {
      await opened
      return []
    }
  })
})

afterAll(async () => {
  release()
  await server?.close()
})

type Message = Record<string, unknown>

interface Client {
  ws: WebSocket
  messages: Message[]
  closed: Promise<{ code: number; reason: string }>
  /** Resolves once `count` messages have arrived. */
  received: (count: number) => Promise<Message[]>
}

async function open(): Promise<Client> {
  const ws = new WebSocket(server.wsUrl)
  const messages: Message[] = []
  const waiters: { count: number; resolve: (m: Message[]) => void }[] = []
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as Message)
    for (const w of waiters.filter((w) => messages.length >= w.count)) w.resolve(messages)
  })
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) }))
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const received = (count: number): Promise<Message[]> =>
    messages.length >= count ? Promise.resolve(messages) : new Promise((resolve) => waiters.push({ count, resolve }))
  return { ws, messages, closed, received }
}

async function closeAll(clients: Client[]): Promise<void> {
  for (const c of clients) c.ws.close()
  await Promise.all(clients.map((c) => c.closed))
}

describe('serveLoopback limits', () => {
  it('closes the 17th connection with a reason that says what to do, and accepts one again once another closes', async () => {
    const clients: Client[] = []
    for (let i = 0; i < 16; i++) clients.push(await open())
    const extra = await open()
    const { code, reason } = await extra.closed
    expect(code).toBe(1013)
    expect(reason).toMatch(/Too many connections \(16\); close another Likeness tab and reload/)
    expect(server.warnings.join('\n')).toMatch(/Refused a WebSocket connection: 16 are already open/)
    // The sixteen still work.
    clients[15]!.ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'datasets:list' }))
    expect((await clients[15]!.received(1))[0]).toEqual({ type: 'reply', id: 1, ok: true, value: [] })

    await closeAll(clients.splice(0, 1))
    const again = await open()
    again.ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'datasets:list' }))
    expect((await again.received(1))[0]).toEqual({ type: 'reply', id: 2, ok: true, value: [] })
    await closeAll([...clients, again])
  })

  it('answers the 65th request in flight on one connection with a busy error, and the 64 once they finish', async () => {
    opened = new Promise<void>((resolve) => (release = resolve))
    const client = await open()
    for (let id = 1; id <= 65; id++) client.ws.send(JSON.stringify({ type: 'invoke', id, channel: 'jobs:list' }))
    const [first] = await client.received(1)
    expect(first).toMatchObject({ type: 'reply', id: 65, ok: false, error: { kind: 'busy' } })
    expect((first!.error as { message: string }).message).toMatch(/Too many requests in flight \(64\); wait for replies/)

    release()
    const all = await client.received(65)
    const ok = all.filter((m) => m.ok === true).map((m) => m.id)
    expect(ok.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 64 }, (_, i) => i + 1))
    // Once the replies are out, the connection takes requests again.
    client.ws.send(JSON.stringify({ type: 'invoke', id: 66, channel: 'jobs:list' }))
    expect((await client.received(66))[65]).toEqual({ type: 'reply', id: 66, ok: true, value: [] })
    expect(client.ws.readyState).toBe(WebSocket.OPEN)
    await closeAll([client])
  })
})
