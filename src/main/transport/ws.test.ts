import { request } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Channel } from '../../shared/contract'
import { EventBus } from '../app/events'
import { Registry, type HandlerMap } from '../app/handlers'
import { serveLoopback, type RunningServer } from './ws'

const TOKEN = 'test-token-0123456789abcdefghij'
const INDEX = '<!doctype html><title>Likeness</title><script type="module" src="/assets/app.js"></script>'
const APP_JS = 'console.log("likeness")'
const SECRET = 'secret contents that must never be served'
const WEBP = Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 fake thumbnail', 'latin1')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

let root: string
let server: RunningServer
let bus: EventBus
const thumbRequests: string[] = []

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'likeness-ws-'))
  const rendererDir = join(root, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), INDEX)
  writeFileSync(join(rendererDir, 'assets', 'app.js'), APP_JS)
  // Files beside the renderer folder that no request may reach.
  writeFileSync(join(root, 'secret.txt'), SECRET)
  mkdirSync(join(root, 'renderer-private'))
  writeFileSync(join(root, 'renderer-private', 'secret.txt'), SECRET)
  writeFileSync(join(root, 'thumb.webp'), WEBP)
  writeFileSync(join(root, 'small.png'), PNG)

  const handlers = {
    'datasets:get': ({ id }: { id: number }) => ({ id, name: `dataset ${id}` }),
    'datasets:list': async () => [],
    'items:get': ({ id }: { id: number }) => {
      throw Object.assign(new Error(`There is no item ${id}.`), { kind: 'not-found' })
    }
  } as Partial<Record<Channel, unknown>> as HandlerMap
  bus = new EventBus()
  server = await serveLoopback({
    registry: new Registry(handlers, { warn: () => {} }),
    bus,
    rendererDir,
    token: TOKEN,
    thumbnailFile: (idText) => {
      thumbRequests.push(idText)
      if (idText === '5') return join(root, 'thumb.webp')
      return idText === '6' ? join(root, 'small.png') : null
    }
  })
})

afterAll(async () => {
  await server?.close()
  rmSync(root, { recursive: true, force: true })
})

/** A raw HTTP request: the path is sent exactly as given, not normalised by a URL parser. */
function get(
  path: string,
  method = 'GET',
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

type Message = Record<string, unknown>

/** An open socket and a way to wait for the next message that matches. */
async function connect(url = `ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`, origin?: string) {
  const ws = new WebSocket(url, origin ? { origin } : {})
  const inbox: Message[] = []
  const waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = []
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as Message
    const i = waiters.findIndex((w) => w.match(msg))
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(msg)
    else inbox.push(msg)
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const next = (match: (m: Message) => boolean = () => true): Promise<Message> => {
    const i = inbox.findIndex(match)
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]!)
    return new Promise((resolve, reject) => {
      waiters.push({ match, resolve })
      setTimeout(() => reject(new Error('no matching message within 2 s')), 2000)
    })
  }
  return { ws, next }
}

/** How an upgrade is refused: the HTTP status the client saw. */
function refusedStatus(url: string, origin?: string, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...(origin ? { origin } : {}), ...(host ? { headers: { Host: host } } : {}) })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.on('open', () => {
      ws.close()
      reject(new Error('the connection was accepted'))
    })
    ws.on('error', () => {})
  })
}

describe('serveLoopback WebSocket', () => {
  it('refuses a connection without the token, with a wrong one, or on another path', async () => {
    const base = `ws://127.0.0.1:${server.port}`
    expect(await refusedStatus(`${base}/ws`)).toBe(403)
    expect(await refusedStatus(`${base}/ws?token=wrong`)).toBe(403)
    expect(await refusedStatus(`${base}/ws?token=${TOKEN}x`)).toBe(403)
    expect(await refusedStatus(`${base}/ws?token=${TOKEN.slice(0, -1)}`)).toBe(403)
    expect(await refusedStatus(`${base}/other?token=${TOKEN}`)).toBe(403)
  })

  it('refuses an upgrade from a page of another origin', async () => {
    const url = `ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`
    expect(await refusedStatus(url, 'http://evil.example')).toBe(403)
    expect(await refusedStatus(url, `http://127.0.0.1:${server.port + 1}`)).toBe(403)
    expect(await refusedStatus(url, 'null')).toBe(403)
  })

  it('refuses a DNS-rebinding page whose Host and Origin agree with each other but not with the server', async () => {
    const url = `ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`
    const evil = `evil.example:${server.port}`
    expect(await refusedStatus(url, `http://${evil}`, evil)).toBe(403)
    expect(await refusedStatus(url, undefined, evil)).toBe(403)
    expect(await refusedStatus(url, `http://127.0.0.1:${server.port}`, evil)).toBe(403)
    expect(await refusedStatus(url, `http://${evil}`)).toBe(403)
    expect(await refusedStatus(url, `https://127.0.0.1:${server.port}`)).toBe(403)
    expect(await refusedStatus(url, undefined, `127.0.0.1:${server.port + 1}`)).toBe(403)
  })

  it('accepts its own address by IP or as localhost', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${TOKEN}`, { origin: `http://${host}`, headers: { Host: host } })
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve())
        ws.once('error', reject)
      })
      ws.close()
    }
  })

  it('accepts its own pages', async () => {
    const { ws } = await connect(undefined, `http://127.0.0.1:${server.port}`)
    expect(ws.readyState).toBe(WebSocket.OPEN)
    ws.close()
  })

  it('answers an invoke with a reply of the same id', async () => {
    const { ws, next } = await connect()
    ws.send(JSON.stringify({ type: 'invoke', id: 41, channel: 'datasets:get', arg: { id: 3 } }))
    ws.send(JSON.stringify({ type: 'invoke', id: 42, channel: 'datasets:get', arg: { id: 4 } }))
    expect(await next((m) => m.id === 42)).toEqual({ type: 'reply', id: 42, ok: true, value: { id: 4, name: 'dataset 4' } })
    expect(await next((m) => m.id === 41)).toEqual({ type: 'reply', id: 41, ok: true, value: { id: 3, name: 'dataset 3' } })
    ws.close()
  })

  it('carries refusals and handler errors as error replies', async () => {
    const { ws, next } = await connect()
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'datasets:get', arg: { id: -3 } }))
    expect(await next((m) => m.id === 1)).toMatchObject({ type: 'reply', id: 1, ok: false, error: { kind: 'invalid-argument' } })
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'items:get', arg: { id: 9 } }))
    expect(await next((m) => m.id === 2)).toEqual({
      type: 'reply', id: 2, ok: false, error: { kind: 'not-found', message: 'There is no item 9.' }
    })
    ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'no:such', arg: {} }))
    expect(await next((m) => m.id === 3)).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } })
    ws.close()
  })

  it('answers malformed messages with invalid-message and stays usable', async () => {
    const { ws, next } = await connect()
    ws.send('{not json')
    expect(await next()).toMatchObject({ type: 'reply', id: null, ok: false, error: { kind: 'invalid-message' } })
    ws.send('null')
    expect(await next()).toMatchObject({ type: 'reply', id: null, ok: false, error: { kind: 'invalid-message' } })
    ws.send(JSON.stringify({ type: 'call', id: 8, channel: 'datasets:list' }))
    expect(await next()).toMatchObject({ type: 'reply', id: 8, ok: false, error: { kind: 'invalid-message' } })
    ws.send(JSON.stringify({ type: 'invoke', id: '9', channel: 'datasets:list' }))
    expect(await next()).toMatchObject({ type: 'reply', ok: false, error: { kind: 'invalid-message' } })
    ws.send(JSON.stringify({ type: 'invoke', id: 10, channel: 'datasets:list', arg: {} }))
    expect(await next((m) => m.id === 10)).toEqual({ type: 'reply', id: 10, ok: true, value: [] })
    expect(ws.readyState).toBe(WebSocket.OPEN)
    ws.close()
  })

  it.each([
    ['an own __proto__ key in the argument', '{"type":"invoke","id":20,"channel":"datasets:get","arg":{"id":1,"__proto__":{"x":1}}}', 20, /"__proto__"/],
    ['a constructor key in the argument', '{"type":"invoke","id":21,"channel":"datasets:list","arg":{"constructor":5}}', 21, /"constructor"/],
    ['a prototype key at the top', '{"type":"invoke","id":22,"channel":"datasets:list","prototype":1}', 22, /"prototype"/],
    ['an unknown envelope key', '{"type":"invoke","id":23,"channel":"datasets:list","extra":1}', 23, /Unknown message keys: extra/],
    ['an id of 1e999', '{"type":"invoke","id":1e999,"channel":"datasets:list"}', null, /whole number/],
    ['a fractional id', '{"type":"invoke","id":1.5,"channel":"datasets:list"}', null, /whole number/],
    ['a negative id', '{"type":"invoke","id":-1,"channel":"datasets:list"}', null, /whole number/],
    ['an array', '[1,2]', null, /Expected/]
  ])('refuses a message with %s, says why, and stays usable', async (_, text, id, why) => {
    const { ws, next } = await connect()
    ws.send(text)
    const reply = await next()
    expect(reply).toMatchObject({ type: 'reply', id, ok: false, error: { kind: 'invalid-message' } })
    expect((reply.error as { message: string }).message).toMatch(why)
    ws.send(JSON.stringify({ type: 'invoke', id: 30, channel: 'datasets:list' }))
    expect(await next((m) => m.id === 30)).toEqual({ type: 'reply', id: 30, ok: true, value: [] })
    ws.close()
  })

  it('pushes bus events to every connected client', async () => {
    const a = await connect()
    const b = await connect()
    bus.emit('datasets:changed', { datasetId: 6 })
    const expected = { type: 'event', event: 'datasets:changed', payload: { datasetId: 6 } }
    expect(await a.next((m) => m.type === 'event')).toEqual(expected)
    expect(await b.next((m) => m.type === 'event')).toEqual(expected)
    // A closed client is dropped, and the others still get events.
    await new Promise<void>((resolve) => {
      a.ws.once('close', () => resolve())
      a.ws.close()
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(() => bus.emit('datasets:changed', { datasetId: 7 })).not.toThrow()
    expect(await b.next((m) => m.type === 'event')).toMatchObject({ payload: { datasetId: 7 } })
    b.ws.close()
  })
})

describe('serveLoopback HTTP', () => {
  it('serves index.html at / with a strict Content-Security-Policy', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    expect(res.body.toString()).toBe(INDEX)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('unsafe-eval')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('serves the page with the token in its query too', async () => {
    const res = await get(`/?token=${TOKEN}`)
    expect(res.status).toBe(200)
    expect(res.body.toString()).toBe(INDEX)
  })

  it('serves the renderer assets with their type', async () => {
    const res = await get('/assets/app.js')
    expect(res.status).toBe(200)
    expect(res.body.toString()).toBe(APP_JS)
    expect(res.headers['content-type']).toMatch(/^text\/javascript/)
  })

  it.each([
    '/../secret.txt',
    '/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..%2frenderer-private%2fsecret.txt',
    '/%2fetc%2fpasswd',
    '/../package.json',
    '/%E0%A4%A',
    '/%',
    '/%00',
    '/assets',
    '/missing.js'
  ])('refuses %s with 400 or 404 and never a file', async (path) => {
    const res = await get(path)
    expect([400, 404]).toContain(res.status)
    expect(res.body.toString()).not.toContain(SECRET)
    expect(res.body.toString()).not.toContain('root:')
  })

  it('refuses a path outside the folder given as an absolute path', async () => {
    const res = await get(`/${encodeURIComponent(join(root, 'secret.txt'))}`)
    expect([400, 404]).toContain(res.status)
    expect(res.body.toString()).not.toContain(SECRET)
  })

  it('answers a malformed percent-encoding with 400', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400)
  })

  it('serves a thumbnail as WebP to a request with the token', async () => {
    const res = await get(`/thumb/5?token=${TOKEN}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('image/webp')
    expect(res.body.equals(WEBP)).toBe(true)
  })

  it('serves a small image kept as its own bytes with its own type', async () => {
    const res = await get(`/thumb/6?token=${TOKEN}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    expect(res.body.equals(PNG)).toBe(true)
  })

  it('refuses a thumbnail without the token or with a wrong one, before looking it up', async () => {
    thumbRequests.length = 0
    expect((await get('/thumb/5')).status).toBe(403)
    expect((await get('/thumb/5?token=nope')).status).toBe(403)
    expect(thumbRequests).toEqual([])
  })

  it('answers 404 for a thumbnail that does not exist', async () => {
    expect((await get(`/thumb/99?token=${TOKEN}`)).status).toBe(404)
    expect((await get(`/thumb/5.webp?token=${TOKEN}`)).status).toBe(404)
  })

  it('refuses page and thumbnail requests with a Host or Origin other than its own address', async () => {
    const evil = `evil.example:${server.port}`
    thumbRequests.length = 0
    const cases: Record<string, string>[] = [{ Host: evil }, { Host: evil, Origin: `http://${evil}` }, { Origin: 'http://evil.example' }]
    for (const headers of cases) {
      const page = await get('/', 'GET', headers)
      expect(page.status).toBe(403)
      expect(page.body.toString()).not.toContain('Likeness</title>')
      expect(page.body.toString()).toMatch(/open the address that `likeness serve` printed/)
      expect((await get('/assets/app.js', 'GET', headers)).status).toBe(403)
      expect((await get(`/thumb/5?token=${TOKEN}`, 'GET', headers)).status).toBe(403)
    }
    expect(thumbRequests).toEqual([])
    expect((await get('/', 'GET', { Host: `localhost:${server.port}` })).status).toBe(200)
    expect((await get('/', 'GET', { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200)
  })

  it('allows only GET and HEAD', async () => {
    expect((await get('/', 'POST')).status).toBe(405)
    expect((await get(`/thumb/5?token=${TOKEN}`, 'PUT')).status).toBe(405)
    expect((await get('/assets/app.js', 'DELETE')).status).toBe(405)
    const head = await get('/', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
  })
})
