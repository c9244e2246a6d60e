/**
 * The desktop window's security rules as plain functions, so they are tested without an Electron
 * binary. The Electron entry only wires them in.
 */
import { APP_PROTOCOL } from '../../shared/contract'

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

/** The Content-Security-Policy of the app's pages. `devServer` allows the dev server's hot reload. */
export function contentSecurityPolicy(devServer?: string): string {
  const connect = devServer ? `'self' ${devServer} ${devServer.replace(/^http/, 'ws')}` : "'self'"
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' ${APP_PROTOCOL}: data: blob:`,
    `connect-src ${connect}`,
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
  return t.origin === app.origin
}

/** IPC is answered only for the app's own main frame, never for another page or a sub-frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, appUrl: string): boolean {
  if (!frameUrl || !isMainFrame) return false
  return isAllowedNavigation(frameUrl, appUrl)
}

/** `likeness://thumb/<id>` → the id as text, or null for anything else. */
export function thumbnailIdFromUrl(url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== `${APP_PROTOCOL}:` || u.hostname !== 'thumb' || u.search || u.username || u.password) return null
  const m = /^\/([^/]+)$/.exec(u.pathname)
  return m ? m[1]! : null
}
