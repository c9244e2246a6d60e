import { request } from 'node:http'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Channel } from '../../shared/contract'
import { EventBus } from '../app/events'
import { Registry, type HandlerMap } from '../app/handlers'
import { serveLoopback, type RunningServer, type ServeOptions } from './ws'
import { loadServeState, serveLibrary, serveStatePath } from './serve-state'

const TOKEN = 'auth-token-0123456789abcdefghijkl'
const WEBP = Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 fake thumbnail', 'latin1')

let root: string
let options: Omit<ServeOptions, 'token' | 'port'>

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'likeness-ws-auth-'))
  mkdirSync(join(root, 'renderer'))
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>Likeness</title>')
  writeFileSync(join(root, 'thumb.webp'), WEBP)
  const handlers = { 'datasets:get': ({ id }: { id: number }) => ({ id }) } as Partial<Record<Channel, unknown>> as HandlerMap
  options = {
    registry: new Registry(handlers, { warn: () => {} }),
    bus: new EventBus(),
    rendererDir: join(root, 'renderer'),
    thumbnailFile: (id) => (id === '5' ? join(root, 'thumb.webp') : null),
    previewFile: async (id) => (id === '5' ? join(root, 'thumb.webp') : null),
    log: { warn: () => {} }
  }
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

function get(port: number, path: string, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: cookie ? { Cookie: cookie } : {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens a WebSocket and says whether the handshake was accepted, and the status it was refused with. */
function upgrade(port: number, query: string, cookie?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers: cookie ? { Cookie: cookie } : {} })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(0))
  })
}

/** The cookie a page loaded from the printed address receives, as a browser would send it back. */
async function accessCookie(server: RunningServer): Promise<{ header: string; cookie: string }> {
  const page = await get(server.port, `/?token=${server.token}`)
  expect(page.status).toBe(200)
  const header = [page.headers['set-cookie'] ?? []].flat()[0] ?? ''
  return { header, cookie: header.split(';')[0]! }
}

describe('serveLoopback access cookie', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await serveLoopback({ ...options, token: TOKEN })
  })
  afterAll(() => server.close())

  it('gives the page loaded with the token an HttpOnly, SameSite=Strict cookie that holds no token', async () => {
    const { header, cookie } = await accessCookie(server)
    expect(header).toMatch(/^likeness_session_\d+=[\w-]+;/)
    const attributes = header.split(';').map((a) => a.trim().toLowerCase())
    expect(attributes).toContain('httponly')
    expect(attributes).toContain('samesite=strict')
    expect(attributes).toContain('path=/')
    expect(attributes).not.toContain('secure')
    expect(cookie).not.toContain(TOKEN)
  })

  it('gives no cookie to a page loaded without the token or with a wrong one', async () => {
    expect((await get(server.port, '/')).headers['set-cookie']).toBeUndefined()
    expect((await get(server.port, '/?token=wrong')).headers['set-cookie']).toBeUndefined()
  })

  it('serves a thumbnail to the cookie alone, and refuses it without the cookie or with a wrong one', async () => {
    const { cookie } = await accessCookie(server)
    const ok = await get(server.port, '/thumb/5', cookie)
    expect(ok.status).toBe(200)
    expect(ok.body.equals(WEBP)).toBe(true)
    expect(String(ok.headers['cache-control'])).toMatch(/^private/)
    expect((await get(server.port, '/thumb/5')).status).toBe(403)
    const name = cookie.split('=')[0]!
    expect((await get(server.port, '/thumb/5', `${name}=wrong`)).status).toBe(403)
    expect((await get(server.port, '/thumb/5', `${name}=${cookie.slice(name.length + 2)}`)).status).toBe(403)
    expect((await get(server.port, '/thumb/5', `${name}=${TOKEN}`)).status).toBe(403)
  })

  it('still serves a thumbnail to the token in the query', async () => {
    expect((await get(server.port, `/thumb/5?token=${TOKEN}`)).status).toBe(200)
  })

  it('holds the large image route to the same check', async () => {
    const { cookie } = await accessCookie(server)
    expect((await get(server.port, '/preview/5', cookie)).status).toBe(200)
    expect((await get(server.port, '/preview/5')).status).toBe(403)
  })

  it('answers the access check with 204 when authorised and 403 otherwise', async () => {
    const { cookie } = await accessCookie(server)
    expect((await get(server.port, '/access', cookie)).status).toBe(204)
    expect((await get(server.port, `/access?token=${TOKEN}`)).status).toBe(204)
    expect((await get(server.port, '/access')).status).toBe(403)
    expect((await get(server.port, '/access?token=stale')).status).toBe(403)
  })

  it('accepts a WebSocket upgrade with the cookie alone, and refuses one with neither', async () => {
    const { cookie } = await accessCookie(server)
    expect(await upgrade(server.port, '', cookie)).toBe(101)
    expect(await upgrade(server.port, `?token=${TOKEN}`)).toBe(101)
    expect(await upgrade(server.port, '')).toBe(403)
    expect(await upgrade(server.port, '', `${cookie}x`)).toBe(403)
  })

  it('does not take the cookie of a server on another port', async () => {
    const other = await serveLoopback({ ...options, token: TOKEN })
    try {
      const { cookie } = await accessCookie(other)
      expect((await get(server.port, '/thumb/5', cookie)).status).toBe(403)
    } finally {
      await other.close()
    }
  })
})

describe('serveLibrary', () => {
  it('keeps the token and port of a library in a file only its owner can read, for the next run', async () => {
    const db = join(mkdtempSync(join(root, 'lib-')), 'library.sqlite')
    const first = await serveLibrary(db, options)
    const { cookie } = await accessCookie(first)
    await first.close()
    expect(statSync(serveStatePath(db)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(serveStatePath(db), 'utf8'))).toEqual({ token: first.token, port: first.port })

    const second = await serveLibrary(db, options)
    try {
      expect(second.token).toBe(first.token)
      expect(second.port).toBe(first.port)
      // A page opened before the restart goes on working without a reload.
      expect((await get(second.port, '/thumb/5', cookie)).status).toBe(200)
    } finally {
      await second.close()
    }
  })

  it('makes a new token when asked, or when the file is gone, and refuses the old cookie', async () => {
    const db = join(mkdtempSync(join(root, 'lib-')), 'library.sqlite')
    const first = await serveLibrary(db, options)
    const { cookie } = await accessCookie(first)
    await first.close()
    const rotated = await serveLibrary(db, options, { newToken: true })
    await rotated.close()
    expect(rotated.token).not.toBe(first.token)
    expect(rotated.port).toBe(first.port)
    expect(loadServeState(db).token).toBe(rotated.token)
    rmSync(serveStatePath(db))
    const fresh = await serveLibrary(db, options)
    try {
      expect(fresh.token).not.toBe(rotated.token)
      expect((await get(fresh.port, '/thumb/5', cookie)).status).toBe(403)
    } finally {
      await fresh.close()
    }
  })

  it('takes a free port when the previous one is taken, but not when a port was asked for', async () => {
    const db = join(mkdtempSync(join(root, 'lib-')), 'library.sqlite')
    const holder = await serveLibrary(db, options)
    try {
      const moved = await serveLibrary(db, options)
      await moved.close()
      expect(moved.port).not.toBe(holder.port)
      expect(moved.token).toBe(holder.token)
      await expect(serveLibrary(db, options, { port: holder.port })).rejects.toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      await holder.close()
    }
  })

  it('tightens the mode of a kept file that others could read', async () => {
    const db = join(mkdtempSync(join(root, 'lib-')), 'library.sqlite')
    writeFileSync(serveStatePath(db), JSON.stringify({ token: TOKEN, port: null }))
    chmodSync(serveStatePath(db), 0o644)
    const server = await serveLibrary(db, options)
    await server.close()
    expect(server.token).toBe(TOKEN)
    expect(statSync(serveStatePath(db)).mode & 0o777).toBe(0o600)
  })
})
