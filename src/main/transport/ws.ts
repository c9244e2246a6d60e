import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Registry } from '../app/handlers'
import type { EventBus } from '../app/events'
import { readThumbnail } from '../app/thumbnails'

export interface ServeOptions {
  registry: Registry
  bus: EventBus
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string
  /** Thumbnail file of an item id given as text, or null. */
  thumbnailFile: (idText: string) => string | null
  port?: number
  token?: string
}

export interface RunningServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.webp': 'image/webp', '.ico': 'image/x-icon', '.json': 'application/json'
}

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"
].join('; ')

/**
 * The loopback transport: the same registry as Electron's IPC, over a WebSocket bound to
 * 127.0.0.1, plus the built renderer and the thumbnails over HTTP. Every request must carry the
 * random token printed in the URL; a page on another origin cannot learn it.
 */
export async function serveLoopback(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const tokenOk = (given: string | null): boolean => {
    if (!given) return false
    const a = Buffer.from(given)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }
  const http: Server = createServer((req, res) => handleHttp(req, res, options, tokenOk))
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/ws' || !tokenOk(url.searchParams.get('token')) || !sameOrigin(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, options))
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = http.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate()
        wss.close()
        http.close(() => resolve())
        http.closeAllConnections()
      })
  }
}

/** A browser sends Origin on WebSocket upgrades; only pages of this server may connect. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  if (!origin) return true
  return origin === `http://${req.headers.host}`
}

function attach(ws: WebSocket, { registry, bus }: ServeOptions): void {
  const unsubscribe = bus.onAny((event, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', event, payload }))
  })
  ws.on('close', unsubscribe)
  ws.on('message', async (data) => {
    let msg: { type?: unknown; id?: unknown; channel?: unknown; arg?: unknown }
    try {
      msg = JSON.parse(String(data))
    } catch {
      ws.send(JSON.stringify({ type: 'reply', id: null, ok: false, error: { kind: 'invalid-message', message: 'Messages must be JSON.' } }))
      return
    }
    if (msg?.type !== 'invoke' || typeof msg.id !== 'number') {
      ws.send(JSON.stringify({ type: 'reply', id: msg?.id ?? null, ok: false, error: { kind: 'invalid-message', message: 'Expected {type: "invoke", id, channel, arg}.' } }))
      return
    }
    const reply = await registry.invoke(msg.channel, msg.arg)
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', id: msg.id, ...reply }))
  })
}

function handleHttp(req: IncomingMessage, res: ServerResponse, options: ServeOptions, tokenOk: (t: string | null) => boolean): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed')
  const thumb = /^\/thumb\/([^/]+)$/.exec(url.pathname)
  if (thumb) {
    if (!tokenOk(url.searchParams.get('token'))) return send(res, 403, 'Forbidden')
    const file = options.thumbnailFile(thumb[1]!)
    if (!file) return send(res, 404, 'Not found')
    const { body, type } = readThumbnail(file)
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'private, max-age=86400' })
    res.end(body)
    return
  }
  // The renderer's own files: only what lies inside the built renderer folder.
  let rel: string
  try {
    rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '')
  } catch {
    return send(res, 400, 'Bad request')
  }
  const file = normalize(join(options.rendererDir, rel))
  if (!file.startsWith(normalize(options.rendererDir) + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return send(res, 404, 'Not found')
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CSP,
    'Cache-Control': 'no-cache'
  })
  createReadStream(file).pipe(res)
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}
