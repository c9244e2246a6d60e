import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Logger, Registry } from '../app/handlers'
import type { EventBus } from '../app/events'
import { readThumbnail } from '../app/thumbnails'
import { parseMessage } from './ws-message'

export interface ServeOptions {
  registry: Registry
  bus: EventBus
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string
  /** Thumbnail file of an item id given as text, or null. */
  thumbnailFile: (idText: string) => string | null
  /** The viewer's large image of an item id given as text, or null; rejects when it cannot be made. */
  previewFile?: (idText: string) => Promise<string | null>
  port?: number
  token?: string
  /** Where refused connections and broken frames are reported; the console unless given. */
  log?: Logger
  /** Open WebSocket connections allowed at once; more are closed with a reason. */
  maxConnections?: number
  /** Requests one connection may have unanswered; more get an error reply. */
  maxInFlight?: number
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

const MAX_CONNECTIONS = 16
const MAX_IN_FLIGHT = 64
/** "Try again later" in RFC 6455's registry: the client may reconnect once another tab closes. */
const CLOSE_TRY_AGAIN_LATER = 1013

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"
].join('; ')

/**
 * The loopback transport: the same registry as Electron's IPC, over a WebSocket bound to
 * 127.0.0.1, plus the built renderer and the thumbnails over HTTP. Every request but the renderer's
 * own files must carry the random token printed in the URL, or the cookie the page opened with it
 * was given; a page on another origin can learn neither.
 */
export async function serveLoopback(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? console
  const token = options.token ?? randomBytes(24).toString('base64url')
  // Set once listening; no request can arrive before that.
  let guard: LoopbackGuard = () => false
  let auth: Auth = cookieAuth(token, 0)
  const http: Server = createServer((req, res) => {
    if (!guard(req)) return send(res, 403, FORBIDDEN_HOST)
    handleHttp(req, res, options, auth)
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })
  const maxConnections = options.maxConnections ?? MAX_CONNECTIONS
  http.on('upgrade', (req, socket, head) => {
    // Node hands the socket over without an error listener; a reset before the handshake is done
    // would otherwise be thrown and stop the server.
    socket.on('error', (err) => log.warn(`A WebSocket handshake failed: ${err.message}`))
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/ws' || !auth.authorised(req, url) || !guard(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The ws package throws a frame it cannot read (too large, invalid UTF-8, a protocol error)
      // as an 'error' event; without a listener that stops the process and every job running in
      // it. The package has already begun closing with the matching status; only this connection
      // is lost.
      ws.on('error', (err) => {
        log.warn(`Closed a WebSocket connection after a bad frame: ${err.message}`)
        if (ws.readyState === ws.OPEN) ws.terminate()
      })
      // Counted after the handshake so the browser sees the reason, which a plain HTTP refusal
      // hides. Only open connections count: one whose close has begun leaves room at once.
      const others = [...wss.clients].filter((c) => c !== ws && c.readyState === c.OPEN).length
      if (others >= maxConnections) {
        log.warn(`Refused a WebSocket connection: ${maxConnections} are already open.`)
        ws.close(CLOSE_TRY_AGAIN_LATER, `Too many connections (${maxConnections}); close another Likeness tab and reload.`)
        return
      }
      attach(ws, options)
    })
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const address = http.address()
  const port = typeof address === 'object' && address ? address.port : 0
  guard = loopbackGuard(port)
  auth = cookieAuth(token, port)
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

type LoopbackGuard = (req: IncomingMessage) => boolean

interface Auth {
  /** The token in the query (the printed address, the WebSocket of a page that still holds it) or the access cookie. */
  authorised(req: IncomingMessage, url: URL): boolean
  /** Whether the query carries the token; the page loaded so gets the cookie. */
  tokenInQuery(url: URL): boolean
  /** The Set-Cookie header that lets the page drop the token from its address and its image URLs. */
  setCookie: string
}

/**
 * The page loaded with the printed token gets a cookie, so the token need not stay in the address
 * bar, the history or the image URLs. Its value is derived from the token, so a restart that keeps
 * the token keeps the cookie valid. Cookies are not told apart by port, so the name carries it: two
 * libraries served at once on 127.0.0.1 would otherwise overwrite each other's cookie. HttpOnly keeps
 * it from scripts; SameSite=Strict keeps other sites' pages from sending it; no Secure, since this
 * is plain http on the loopback.
 */
function cookieAuth(token: string, port: number): Auth {
  const name = `likeness_session_${port}`
  const value = createHmac('sha256', token).update('likeness access cookie').digest('base64url')
  const tokenInQuery = (url: URL): boolean => sameSecret(url.searchParams.get('token'), token)
  return {
    authorised: (req, url) => tokenInQuery(url) || sameSecret(readCookie(req, name), value),
    tokenInQuery,
    setCookie: `${name}=${value}; HttpOnly; SameSite=Strict; Path=/`
  }
}

function sameSecret(given: string | null, secret: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

const FORBIDDEN_HOST = 'Forbidden: open the address that `likeness serve` printed (http://127.0.0.1:PORT/?token=...).'

/**
 * A DNS-rebinding guard: a page of evil.example whose name is made to resolve to 127.0.0.1 sends
 * `Host: evil.example:PORT` and `Origin: http://evil.example:PORT`, which agree with each other.
 * So both are compared with the address the server is bound to, never with each other. Browsers
 * send Origin on every WebSocket upgrade and on cross-origin requests; one without it is a page's
 * own same-origin request or a tool's, and still has to name this address in Host.
 */
function loopbackGuard(port: number): LoopbackGuard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  // A browser leaves out the port when it is the scheme's default.
  if (port === 80) hosts.add('127.0.0.1').add('localhost')
  const origins = new Set([...hosts].map((h) => `http://${h}`))
  return (req) => {
    const host = req.headers.host?.toLowerCase()
    if (!host || !hosts.has(host)) return false
    const origin = req.headers.origin
    return origin === undefined || origins.has(origin.toLowerCase())
  }
}

function attach(ws: WebSocket, { registry, bus, maxInFlight = MAX_IN_FLIGHT }: ServeOptions): void {
  const reply = (message: object): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', ...message }))
  }
  const unsubscribe = bus.onAny((event, payload) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', event, payload }))
  })
  ws.on('close', unsubscribe)
  let inFlight = 0
  ws.on('message', async (data, isBinary) => {
    if (isBinary) {
      reply({ id: null, ok: false, error: { kind: 'invalid-message', message: 'Send requests as text frames of JSON, not binary frames.' } })
      return
    }
    const parsed = parseMessage(String(data))
    if (!parsed.ok) {
      reply({ id: parsed.id, ok: false, error: parsed.error })
      return
    }
    const { id, channel, arg } = parsed.invoke
    if (inFlight >= maxInFlight) {
      const message = `Too many requests in flight (${maxInFlight}); wait for replies before sending more.`
      reply({ id, ok: false, error: { kind: 'busy', message } })
      return
    }
    inFlight++
    try {
      reply({ id, ...(await registry.invoke(channel, arg)) })
    } finally {
      inFlight--
    }
  })
}

function handleHttp(req: IncomingMessage, res: ServerResponse, options: ServeOptions, auth: Auth): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed')
  // Lets a page whose WebSocket was refused tell a stale address (403) from an engine that is down.
  if (url.pathname === '/access') {
    if (!auth.authorised(req, url)) return send(res, 403, 'Forbidden')
    res.writeHead(204, { 'Cache-Control': 'no-store' }).end()
    return
  }
  const thumb = /^\/(thumb|preview)\/([^/]+)$/.exec(url.pathname)
  if (thumb) {
    if (!auth.authorised(req, url)) return send(res, 403, 'Forbidden')
    if (thumb[1] === 'preview') return void servePreview(res, options, thumb[2]!)
    const file = options.thumbnailFile(thumb[2]!)
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
  if (auth.tokenInQuery(url)) res.setHeader('Set-Cookie', auth.setCookie)
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CSP,
    'Cache-Control': 'no-cache'
  })
  createReadStream(file).pipe(res)
}

/** The viewer's large image: made on its first request, which takes a moment for a large original. */
async function servePreview(res: ServerResponse, options: ServeOptions, idText: string): Promise<void> {
  let file: string | null
  try {
    file = options.previewFile ? await options.previewFile(idText) : null
  } catch (err) {
    return send(res, 422, (err as Error).message)
  }
  if (!file) return send(res, 404, 'Not found')
  const { body, type } = readThumbnail(file)
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'private, max-age=86400' })
  res.end(body)
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}
