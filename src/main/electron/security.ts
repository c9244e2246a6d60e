/**
 * The desktop window's security rules as plain functions, so they are tested without an Electron
 * binary. The Electron entry only wires them in.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { APP_PROTOCOL } from '../../shared/contract'

/**
 * The built renderer is served as `likeness://app/…` rather than from `file://`: a file page's origin
 * covers every file on the disk, while this host serves the renderer folder and nothing else.
 */
export const APP_HOST = 'app'

/** The page the built app opens. */
export const APP_PAGE_URL = `${APP_PROTOCOL}://${APP_HOST}/index.html`

export interface WindowPlan {
  width: number
  height: number
  minWidth: number
  minHeight: number
  show: boolean
  title: string
  backgroundColor: string
  webPreferences: {
    preload: string
    contextIsolation: true
    sandbox: true
    nodeIntegration: false
    nodeIntegrationInWorker: false
    webSecurity: true
    allowRunningInsecureContent: false
    webviewTag: false
    spellcheck: false
  }
}

export function windowOptions(preload: string): WindowPlan {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Likeness',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  }
}

/**
 * The Content-Security-Policy of the app's pages. The renderer talks to main over IPC only, so the
 * built app connects to nothing but itself; `devServer` adds the dev server and its hot-reload socket.
 */
export function contentSecurityPolicy(devServer?: string): string {
  const connect = devServer ? `'self' ${devServer} ${devServer.replace(/^http/, 'ws')}` : "'self'"
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' ${APP_PROTOCOL}: data: blob:`,
    `connect-src ${connect}`,
    // The app has no frames of its own; nothing may be framed into it.
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

/**
 * Where the window may navigate: only to the app's own page (the built file or the dev server).
 * Everything else, links included, is refused; window.open is always denied.
 */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  let t: URL
  let app: URL
  try {
    t = new URL(target)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (app.protocol === 'file:') return t.protocol === 'file:' && t.host === app.host && t.pathname === app.pathname
  if (app.protocol === `${APP_PROTOCOL}:`) {
    // A custom scheme's origin reads "null" for every URL, so compare its parts instead: the app's
    // host only, never the thumbnail host or another host of the same scheme.
    return t.protocol === app.protocol && t.host === app.host && !t.username && !t.password
  }
  if (app.origin === 'null') return false
  return t.origin === app.origin
}

/**
 * `will-frame-navigate`: the main frame may move only within the app; the app has no frames, so a
 * sub-frame may go nowhere. `will-redirect` passes the main frame's flag the same way.
 */
export function isAllowedFrameNavigation(target: string, isMainFrame: boolean, appUrl: string): boolean {
  return isMainFrame && isAllowedNavigation(target, appUrl)
}

/** IPC is answered only for the app's own main frame, never for another page or a sub-frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, appUrl: string): boolean {
  if (!frameUrl || !isMainFrame) return false
  return isAllowedNavigation(frameUrl, appUrl)
}

/** `likeness://thumb/<id>` → the id as text, or null for anything else. */
export function thumbnailIdFromUrl(url: string): string | null {
  return imageIdFromUrl(url, 'thumb')
}

/** `likeness://preview/<id>` (the viewer's large image) → the id as text, or null for anything else. */
export function previewIdFromUrl(url: string): string | null {
  return imageIdFromUrl(url, 'preview')
}

function imageIdFromUrl(url: string, host: 'thumb' | 'preview'): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== `${APP_PROTOCOL}:` || u.hostname !== host || u.port || u.search || u.username || u.password) return null
  const m = /^\/([^/]+)$/.exec(u.pathname)
  return m ? m[1]! : null
}

/**
 * `likeness://app/<path>` → the file under `root` it names, or null (answered with 404). Only plain
 * names below `root` are served: a dot segment, an encoded slash or backslash, an empty segment (an
 * absolute path), a drive letter or a NUL byte refuses the request. The raw text is checked before
 * URL parsing, which would otherwise fold `..` and `%2e%2e` away silently.
 */
export function appFileFromUrl(url: string, root: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== `${APP_PROTOCOL}:` || u.hostname !== APP_HOST || u.port || u.username || u.password) return null
  const prefix = `${APP_PROTOCOL}://${APP_HOST}`
  if (!url.toLowerCase().startsWith(prefix)) return null
  const rawPath = url.slice(prefix.length).split(/[?#]/, 1)[0]!
  if (rawPath === '' || rawPath === '/') return resolve(root, 'index.html')
  if (!rawPath.startsWith('/')) return null
  const segments: string[] = []
  for (const raw of rawPath.slice(1).split('/')) {
    let name: string
    try {
      name = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (name === '' || name === '.' || name === '..' || /[/\\:\0]/.test(name)) return null
    segments.push(name)
  }
  const file = resolve(root, ...segments)
  const rel = relative(resolve(root), file)
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null
  return file
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  wasm: 'application/wasm'
}

/**
 * The headers of a file served from the app host. The policy travels with the page itself, because
 * session header hooks do not see responses of a custom protocol; nosniff keeps a file from being
 * run as a type it was not served as.
 */
export function appResponseHeaders(file: string): Record<string, string> {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? ''
  return {
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff'
  }
}

/**
 * Permissions the renderer may be granted. It needs none: it reads files through main and draws with
 * canvas, so camera, microphone, notifications, clipboard reads, geolocation, fullscreen and the rest
 * are refused, for requests and for checks alike.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set()

/** `setPermissionRequestHandler` and `setPermissionCheckHandler`: only a granted permission, only for the app page. */
export function allowPermission(permission: string, requestingUrl: string | undefined, appUrl: string): boolean {
  if (!GRANTED_PERMISSIONS.has(permission) || !requestingUrl) return false
  return isAllowedNavigation(requestingUrl, appUrl)
}

/** `setDevicePermissionHandler`: USB, HID, serial and Bluetooth devices are never opened to the page. */
export function allowDevicePermission(): boolean {
  return false
}

/**
 * A link the user may be offered to open in the browser: https only, without credentials, as its
 * normalised text (what the confirmation shows is exactly what opens). Anything else gives null.
 */
export function externalLinkToOffer(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== 'https:' || !u.hostname || u.username || u.password) return null
  return u.href
}

export interface ExternalLinkPrompt {
  type: 'question'
  title: string
  message: string
  detail: string
  buttons: string[]
  defaultId: number
  cancelId: number
  noLink: true
}

/** The button of `externalLinkPrompt` that opens the link. */
export const OPEN_LINK_BUTTON = 1

/**
 * The confirmation before a link leaves the app. Cancel is the default, so Enter or Escape opens
 * nothing; a page cannot push the user to a site without this click.
 */
export function externalLinkPrompt(href: string): ExternalLinkPrompt {
  return {
    type: 'question',
    title: 'Open link',
    message: 'Open this link in your browser?',
    detail: href,
    buttons: ['Cancel', 'Open in browser'],
    defaultId: 0,
    cancelId: 0,
    noLink: true
  }
}
