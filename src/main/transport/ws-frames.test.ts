import { connect as netConnect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startTestServer, type TestServer } from '../test-support/ws-server'

// What a client may send that the ws package itself cannot read: each case must close only its
// own connection, and the server must go on answering.

const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8 } as const

let server: TestServer
let gate: { release: () => void; opened: Promise<void> }

function newGate(): typeof gate {
  let release = (): void => {}
  const opened = new Promise<void>((resolve) => (release = resolve))
  return { release, opened }
}

beforeAll(async () => {
  gate = newGate()
  server = await startTestServer({
    'datasets:get': ({ id }: { id: number }) => ({ id }),
    // Stands for long work (an import): it answers only once the test opens the gate.
    'jobs:list': async () => {
      await gate.opened
      return []
    }
  })
})

afterAll(async () => {
  gate.release()
  await server?.close()
})

type Message = Record<string, unknown>

/** A ws client and a way to wait for the reply to one id. */
async function client(): Promise<{ ws: WebSocket; reply: (id: number | null) => Promise<Message>; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(server.wsUrl, { maxPayload: 0 })
  const replies = new Map<number | null, Message>()
  const waiting = new Map<number | null, (m: Message) => void>()
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as Message
    const id = msg.id as number | null
    const waiter = waiting.get(id)
    if (waiter) {
      waiting.delete(id)
      waiter(msg)
    } else replies.set(id, msg)
  })
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) }))
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const reply = (id: number | null): Promise<Message> => {
    const got = replies.get(id)
    if (got) return Promise.resolve(got)
    return new Promise((resolve) => waiting.set(id, resolve))
  }
  return { ws, reply, closed }
}

/** The server answers a normal call on a fresh connection. */
async function expectServerAnswers(): Promise<void> {
  const { ws, reply } = await client()
  ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'datasets:get', arg: { id: 12 } }))
  expect(await reply(1)).toEqual({ type: 'reply', id: 1, ok: true, value: { id: 12 } })
  ws.close()
}

/** One client frame, masked unless told otherwise, with any length the header can say. */
function frame(opcode: number, payload: Buffer, { fin = true, mask = true, length = payload.length } = {}): Buffer {
  const head: number[] = [(fin ? 0x80 : 0) | opcode]
  const maskBit = mask ? 0x80 : 0
  let ext = Buffer.alloc(0)
  if (length < 126) head.push(maskBit | length)
  else if (length < 65536) {
    head.push(maskBit | 126)
    ext = Buffer.alloc(2)
    ext.writeUInt16BE(length)
  } else {
    head.push(maskBit | 127)
    ext = Buffer.alloc(8)
    ext.writeBigUInt64BE(BigInt(length))
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload])
  const key = randomBytes(4)
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!))
  return Buffer.concat([Buffer.from(head), ext, key, body])
}

interface Raw {
  socket: Socket
  /** Every byte the server sent after its 101 response, once the connection has ended. */
  ended: Promise<Buffer>
  /** Waits until the server has sent a text frame, and gives its payload. */
  text: () => Promise<string>
}

/** A raw TCP connection that has completed the WebSocket handshake. */
async function raw(): Promise<Raw> {
  const socket = netConnect(server.port, '127.0.0.1')
  socket.on('error', () => {})
  const chunks: Buffer[] = []
  socket.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise<Buffer>((resolve) => socket.once('close', () => resolve(Buffer.concat(chunks))))
  socket.write(
    `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
  )
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      const text = Buffer.concat(chunks).toString('latin1')
      const end = text.indexOf('\r\n\r\n')
      if (end < 0) return
      socket.off('data', check)
      if (!text.startsWith('HTTP/1.1 101')) return reject(new Error(`handshake refused: ${text.slice(0, 40)}`))
      const rest = Buffer.concat(chunks).subarray(end + 4)
      chunks.length = 0
      chunks.push(rest)
      resolve()
    }
    socket.on('data', check)
  })
  const text = (): Promise<string> =>
    new Promise((resolve) => {
      const look = (): void => {
        const found = serverFrames(Buffer.concat(chunks)).find((f) => f.opcode === OP.text)
        if (!found) return
        socket.off('data', look)
        resolve(String(found.payload))
      }
      socket.on('data', look)
      look()
    })
  return { socket, ended, text }
}

/** The server's frames (never masked), as opcode and payload. */
function serverFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = []
  let at = 0
  while (at + 2 <= bytes.length) {
    let length = bytes[at + 1]! & 0x7f
    let start = at + 2
    if (length === 126) {
      length = bytes.readUInt16BE(start)
      start += 2
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(start))
      start += 8
    }
    frames.push({ opcode: bytes[at]! & 0x0f, payload: bytes.subarray(start, start + length) })
    at = start + length
  }
  return frames
}

/** The status of the server's close frame, or null when it closed without one. */
function closeCode(bytes: Buffer): number | null {
  const close = serverFrames(bytes).find((f) => f.opcode === OP.close)
  return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null
}

const invoke = (id: number): Buffer => Buffer.from(JSON.stringify({ type: 'invoke', id, channel: 'datasets:get', arg: { id } }))

describe('serveLoopback: frames the ws package refuses', () => {
  it('closes a connection that sends a text frame over 1 MiB with 1009, logs it, and keeps serving', async () => {
    const before = server.warnings.length
    const { ws, closed } = await client()
    ws.send('x'.repeat(1024 * 1024 + 1))
    expect((await closed).code).toBe(1009)
    expect(server.warnings.slice(before).join('\n')).toMatch(/Max payload size exceeded/)
    await expectServerAnswers()
  })

  it('closes a connection that sends 3 bytes of invalid UTF-8 with 1007, and keeps serving', async () => {
    const before = server.warnings.length
    const { socket, ended } = await raw()
    socket.write(frame(OP.text, Buffer.from([0xff, 0xfe, 0xfd])))
    expect(closeCode(await ended)).toBe(1007)
    expect(server.warnings.slice(before).join('\n')).toMatch(/UTF-8/)
    await expectServerAnswers()
  })

  it.each([
    ['an unmasked client frame', () => frame(OP.text, invoke(1), { mask: false }), 1002, /MASK must be set/],
    ['a continuation frame with nothing to continue', () => frame(OP.continuation, invoke(1)), 1002, /invalid opcode 0/],
    ['an unknown opcode', () => frame(0x3, Buffer.from('x')), 1002, /invalid opcode 3/],
    ['a fragmented control frame', () => frame(OP.close, Buffer.alloc(0), { fin: false }), 1002, /FIN must be set/],
    ['a length of 2^53', () => frame(OP.text, Buffer.alloc(0), { length: 2 ** 53 }), 1009, /payload length > 2\^53 - 1/],
    ['a binary frame over 1 MiB', () => frame(OP.binary, Buffer.alloc(1024 * 1024 + 1)), 1009, /Max payload size exceeded/]
  ])('closes a connection that sends %s, logs why, and keeps serving', async (_, bytes, code, logged) => {
    const before = server.warnings.length
    const { socket, ended } = await raw()
    socket.write(bytes())
    expect(closeCode(await ended)).toBe(code)
    expect(server.warnings.slice(before).join('\n')).toMatch(logged)
    await expectServerAnswers()
  })

  it('answers a text message sent in fragments', async () => {
    const { socket, text } = await raw()
    const body = invoke(7)
    socket.write(frame(OP.text, body.subarray(0, 10), { fin: false }))
    socket.write(frame(OP.continuation, body.subarray(10, 20), { fin: false }))
    socket.write(frame(OP.continuation, body.subarray(20)))
    expect(JSON.parse(await text())).toEqual({ type: 'reply', id: 7, ok: true, value: { id: 7 } })
    socket.destroy()
  })

  it('answers a binary frame with invalid-message and keeps the connection', async () => {
    const { ws, reply } = await client()
    ws.send(invoke(3), { binary: true })
    expect(await reply(null)).toMatchObject({ ok: false, error: { kind: 'invalid-message', message: expect.stringMatching(/text frames/) } })
    ws.send(String(invoke(4)))
    expect(await reply(4)).toMatchObject({ ok: true, value: { id: 4 } })
    ws.close()
  })

  it.each([
    ['half-closes in the middle of a frame', (s: Socket) => s.end(frame(OP.text, invoke(1)).subarray(0, 9))],
    ['half-closes after a frame header that promises more', (s: Socket) => s.end(frame(OP.text, Buffer.alloc(0), { length: 500 }))],
    ['resets in the middle of a frame', (s: Socket) => s.write(frame(OP.text, invoke(1)).subarray(0, 5), () => s.resetAndDestroy())]
  ])('survives a client that %s', async (_, act) => {
    const { socket, ended } = await raw()
    act(socket)
    await ended
    await expectServerAnswers()
  })

  it('survives a client that resets or half-closes during the handshake', async () => {
    for (const end of ['reset', 'half-close'] as const) {
      const socket = netConnect(server.port, '127.0.0.1')
      socket.on('error', () => {})
      // Read what the server answers, or 'close' never comes.
      socket.resume()
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
      const partial = `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n`
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
      if (end === 'reset') socket.write(partial, () => socket.resetAndDestroy())
      else socket.end(partial)
      await closed
    }
    await expectServerAnswers()
  })

  it('lets a call in progress on another connection finish while bad frames arrive', async () => {
    const worker = await client()
    worker.ws.send(JSON.stringify({ type: 'invoke', id: 90, channel: 'jobs:list' }))
    const working = worker.reply(90)
    const bad = await raw()
    bad.socket.write(frame(OP.text, Buffer.from([0xc3, 0x28])))
    expect(closeCode(await bad.ended)).toBe(1007)
    const big = await client()
    big.ws.send('y'.repeat(1024 * 1024 + 10))
    expect((await big.closed).code).toBe(1009)
    gate.release()
    expect(await working).toEqual({ type: 'reply', id: 90, ok: true, value: [] })
    worker.ws.close()
  })
})
