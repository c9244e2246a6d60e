import { describe, expect, it } from 'vitest'
import { join, resolve } from 'node:path'
import {
  allowDevicePermission, allowPermission, APP_PAGE_URL, appFileFromUrl, appResponseHeaders, contentSecurityPolicy,
  externalLinkPrompt, externalLinkToOffer, isAllowedFrameNavigation, isAllowedNavigation, isTrustedSender,
  OPEN_LINK_BUTTON, previewIdFromUrl, thumbnailIdFromUrl, windowOptions
} from './security'

const APP = 'file:///opt/likeness/resources/out/renderer/index.html'
const DEV = 'http://localhost:5173'

/** The policy as a map from directive to its sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources])
  )
}

describe('windowOptions', () => {
  it('isolates and sandboxes the renderer, with no Node and no webview', () => {
    const plan = windowOptions('/app/preload.mjs')
    expect(plan.webPreferences).toMatchObject({
      preload: '/app/preload.mjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })
})

describe('contentSecurityPolicy', () => {
  it.each([
    ['built', undefined],
    ['dev server', DEV]
  ])('allows only own scripts and no plugins (%s)', (_, dev) => {
    const csp = contentSecurityPolicy(dev)
    const d = directives(csp)
    expect(d.get('script-src')).toEqual(["'self'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(d.get('default-src')).toEqual(["'self'"])
    expect(d.get('base-uri')).toEqual(["'none'"])
    expect(d.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp).not.toContain('unsafe-eval')
    // Inline scripts are never allowed, wherever they would be.
    for (const [name, sources] of d) if (name !== 'style-src') expect(sources).not.toContain("'unsafe-inline'")
  })

  it('lets images come from the app protocol', () => {
    expect(directives(contentSecurityPolicy()).get('img-src')).toContain('likeness:')
  })

  it('is exactly this policy when built: IPC needs no connection, so no socket and no port is open', () => {
    expect(Object.fromEntries(directives(contentSecurityPolicy()))).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'likeness:', 'data:', 'blob:'],
      'connect-src': ["'self'"],
      'frame-src': ["'none'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"]
    })
    expect(contentSecurityPolicy()).not.toMatch(/ws:|wss:|127\.0\.0\.1|localhost|\*/)
  })

  it('connects only to itself when built, and to the dev server and its socket in development', () => {
    expect(directives(contentSecurityPolicy()).get('connect-src')).toEqual(["'self'"])
    expect(directives(contentSecurityPolicy(DEV)).get('connect-src')).toEqual(["'self'", DEV, 'ws://localhost:5173'])
  })
})

describe('isAllowedNavigation', () => {
  it('allows the app page itself, with or without a fragment or query', () => {
    expect(isAllowedNavigation(APP, APP)).toBe(true)
    expect(isAllowedNavigation(`${APP}#/datasets/3`, APP)).toBe(true)
    expect(isAllowedNavigation(`${APP}?x=1`, APP)).toBe(true)
  })

  it.each([
    ['another file', 'file:///etc/passwd'],
    ['a file beside the app page', 'file:///opt/likeness/resources/out/renderer/other.html'],
    ['a path that climbs back to the page', 'file:///tmp/evil/../../opt/likeness/resources/out/renderer/index.html/../x.html'],
    ['a web site', 'https://example.com/'],
    ['a plain http site', 'http://example.com/index.html'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['the app protocol', 'likeness://thumb/1'],
    ['a malformed URL', 'not a url'],
    ['an empty string', '']
  ])('refuses %s from the built app', (_, target) => {
    expect(isAllowedNavigation(target, APP)).toBe(false)
  })

  it('refuses the same path on another host', () => {
    // On Windows file://host/… is a network share: another machine's file, not the app's.
    expect(isAllowedNavigation('file://evil.example/opt/likeness/resources/out/renderer/index.html', APP)).toBe(false)
  })

  it('allows the dev server origin only', () => {
    expect(isAllowedNavigation(`${DEV}/`, DEV)).toBe(true)
    expect(isAllowedNavigation(`${DEV}/some/route?x=1`, DEV)).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', DEV)).toBe(false)
    expect(isAllowedNavigation('https://localhost:5173/', DEV)).toBe(false)
    expect(isAllowedNavigation('http://127.0.0.1:5173/', DEV)).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173.evil.example/', DEV)).toBe(false)
    expect(isAllowedNavigation('http://localhost@evil.example:5173/', DEV)).toBe(false)
    expect(isAllowedNavigation('javascript:alert(1)', DEV)).toBe(false)
    expect(isAllowedNavigation(APP, DEV)).toBe(false)
  })

  it('refuses everything when the app URL itself is malformed', () => {
    expect(isAllowedNavigation(APP, '::::')).toBe(false)
  })
})

describe('isAllowedNavigation from the app scheme', () => {
  it('allows the app host, with any path, fragment or query', () => {
    expect(isAllowedNavigation(APP_PAGE_URL, APP_PAGE_URL)).toBe(true)
    expect(isAllowedNavigation(`${APP_PAGE_URL}#/datasets/3`, APP_PAGE_URL)).toBe(true)
    expect(isAllowedNavigation('likeness://app/', APP_PAGE_URL)).toBe(true)
  })

  it.each([
    ['the thumbnail host', 'likeness://thumb/1'],
    ['another host of the scheme', 'likeness://evil/index.html'],
    ['a host that starts like the app', 'likeness://app.evil/index.html'],
    ['credentials before the app host', 'likeness://user@app/index.html'],
    ['another custom scheme', 'evil://app/index.html'],
    ['a file', 'file:///opt/likeness/resources/out/renderer/index.html'],
    ['a web site', 'https://example.com/'],
    ['a javascript: URL', 'javascript:alert(1)']
  ])('refuses %s', (_, target) => {
    expect(isAllowedNavigation(target, APP_PAGE_URL)).toBe(false)
  })

  it('refuses everything when the app URL has an opaque origin it does not know', () => {
    // Any two URLs of an unknown custom scheme share the origin "null"; that is no match.
    expect(isAllowedNavigation('other://x/', 'other://app/index.html')).toBe(false)
  })
})

describe('isAllowedFrameNavigation (will-frame-navigate, will-redirect)', () => {
  it('lets the main frame move within the app only', () => {
    expect(isAllowedFrameNavigation(`${APP_PAGE_URL}#/runs`, true, APP_PAGE_URL)).toBe(true)
    expect(isAllowedFrameNavigation(`${DEV}/x`, true, DEV)).toBe(true)
    expect(isAllowedFrameNavigation('https://example.com/', true, APP_PAGE_URL)).toBe(false)
    expect(isAllowedFrameNavigation('http://localhost:5174/', true, DEV)).toBe(false)
    expect(isAllowedFrameNavigation('likeness://thumb/1', true, APP_PAGE_URL)).toBe(false)
    expect(isAllowedFrameNavigation('file:///etc/passwd', true, APP)).toBe(false)
  })

  it('lets no sub-frame navigate, not even to the app itself', () => {
    expect(isAllowedFrameNavigation(APP_PAGE_URL, false, APP_PAGE_URL)).toBe(false)
    expect(isAllowedFrameNavigation('https://example.com/', false, APP_PAGE_URL)).toBe(false)
    expect(isAllowedFrameNavigation(`${DEV}/`, false, DEV)).toBe(false)
  })
})

describe('appFileFromUrl', () => {
  const ROOT = resolve('/opt/likeness/out/renderer')

  it('serves index.html for the bare host and files below the renderer folder', () => {
    expect(appFileFromUrl('likeness://app/', ROOT)).toBe(join(ROOT, 'index.html'))
    expect(appFileFromUrl('likeness://app', ROOT)).toBe(join(ROOT, 'index.html'))
    expect(appFileFromUrl(APP_PAGE_URL, ROOT)).toBe(join(ROOT, 'index.html'))
    expect(appFileFromUrl('likeness://app/index.html#/datasets/3', ROOT)).toBe(join(ROOT, 'index.html'))
    expect(appFileFromUrl('likeness://app/assets/index-Ab12.js', ROOT)).toBe(join(ROOT, 'assets', 'index-Ab12.js'))
    expect(appFileFromUrl('likeness://app/assets/a%20b.css', ROOT)).toBe(join(ROOT, 'assets', 'a b.css'))
  })

  it.each([
    ['a dot-dot segment', 'likeness://app/../../etc/passwd'],
    ['a dot-dot segment inside the path', 'likeness://app/assets/../../../etc/passwd'],
    ['an encoded dot-dot', 'likeness://app/%2e%2e/%2e%2e/etc/passwd'],
    ['an upper-case encoded dot-dot', 'likeness://app/%2E%2E/secret'],
    ['a half-encoded dot-dot', 'likeness://app/.%2e/secret'],
    ['a single dot segment', 'likeness://app/./index.html'],
    ['an encoded slash', 'likeness://app/..%2f..%2fetc%2fpasswd'],
    ['a backslash', 'likeness://app/..\\..\\etc\\passwd'],
    ['an encoded backslash', 'likeness://app/..%5c..%5cetc%5cpasswd'],
    ['an absolute path', 'likeness://app//etc/passwd'],
    ['an encoded absolute path', 'likeness://app/%2fetc%2fpasswd'],
    ['a drive letter', 'likeness://app/C:/Windows/win.ini'],
    ['an encoded drive letter', 'likeness://app/C%3a%5cWindows'],
    ['a NUL byte', 'likeness://app/index.html%00.png'],
    ['a broken escape', 'likeness://app/%E0%A4%A'],
    ['the thumbnail host', 'likeness://thumb/index.html'],
    ['another host', 'likeness://evil/index.html'],
    ['credentials', 'likeness://user@app/index.html'],
    ['a port', 'likeness://app:80/index.html'],
    ['the file scheme', 'file:///opt/likeness/out/renderer/index.html'],
    ['a web URL', 'https://app/index.html'],
    ['a malformed URL', 'likeness app index'],
    ['an empty string', '']
  ])('refuses %s', (_, url) => {
    expect(appFileFromUrl(url, ROOT)).toBeNull()
  })
})

describe('appResponseHeaders', () => {
  it('sends the built policy with every file, so the page cannot open a socket', () => {
    const headers = appResponseHeaders('/r/index.html')
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy())
    expect(directives(headers['Content-Security-Policy']!).get('connect-src')).toEqual(["'self'"])
    expect(headers['X-Content-Type-Options']).toBe('nosniff')
  })

  it('names the type from the extension, and nothing runnable for an unknown one', () => {
    expect(appResponseHeaders('/r/index.html')['Content-Type']).toBe('text/html; charset=utf-8')
    expect(appResponseHeaders('/r/assets/x.JS')['Content-Type']).toBe('text/javascript; charset=utf-8')
    expect(appResponseHeaders('/r/assets/x.css')['Content-Type']).toBe('text/css; charset=utf-8')
    expect(appResponseHeaders('/r/assets/x.svg')['Content-Type']).toBe('image/svg+xml')
    expect(appResponseHeaders('/r/assets/x')['Content-Type']).toBe('application/octet-stream')
    expect(appResponseHeaders('/r/assets/x.exe')['Content-Type']).toBe('application/octet-stream')
  })
})

describe('permissions', () => {
  const PERMISSIONS = [
    'media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal',
    'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'idle-detection', 'window-management',
    'storage-access', 'hid', 'serial', 'usb', 'bluetooth', 'speaker-selection', 'unknown'
  ]

  it.each(PERMISSIONS)('refuses %s to the app page and to anyone else', (permission) => {
    expect(allowPermission(permission, APP_PAGE_URL, APP_PAGE_URL)).toBe(false)
    expect(allowPermission(permission, `${DEV}/`, DEV)).toBe(false)
    expect(allowPermission(permission, 'https://example.com/', APP_PAGE_URL)).toBe(false)
    expect(allowPermission(permission, undefined, APP_PAGE_URL)).toBe(false)
  })

  it('opens no device to the page', () => {
    expect(allowDevicePermission()).toBe(false)
  })
})

describe('externalLinkToOffer', () => {
  it('offers https links, as the text that will open', () => {
    expect(externalLinkToOffer('https://example.com/docs?q=1#a')).toBe('https://example.com/docs?q=1#a')
    expect(externalLinkToOffer('HTTPS://Example.COM')).toBe('https://example.com/')
  })

  it.each([
    ['plain http', 'http://example.com/'],
    ['a file', 'file:///etc/passwd'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,hi'],
    ['the app scheme', 'likeness://app/index.html'],
    ['a mail link', 'mailto:a@example.com'],
    ['an OS handler', 'ms-msdt:/id PCWDiagnostic'],
    ['an SMB share', 'smb://host/share'],
    ['credentials', 'https://user:pass@example.com/'],
    ['a user name', 'https://example.com@evil.example/'],
    ['a malformed URL', 'https://'],
    ['an empty string', '']
  ])('offers nothing for %s', (_, url) => {
    expect(externalLinkToOffer(url)).toBeNull()
  })
})

describe('externalLinkPrompt', () => {
  it('shows the exact link and makes Cancel the default and the escape', () => {
    const prompt = externalLinkPrompt('https://example.com/')
    expect(prompt.detail).toBe('https://example.com/')
    expect(prompt.defaultId).toBe(0)
    expect(prompt.cancelId).toBe(0)
    expect(prompt.buttons[prompt.defaultId]).toBe('Cancel')
    expect(prompt.buttons[OPEN_LINK_BUTTON]).toBe('Open in browser')
  })
})

describe('isTrustedSender', () => {
  it('trusts only the main frame of the app page', () => {
    expect(isTrustedSender(APP, true, APP)).toBe(true)
    expect(isTrustedSender(`${APP}#/x`, true, APP)).toBe(true)
    expect(isTrustedSender(`${DEV}/`, true, DEV)).toBe(true)
    expect(isTrustedSender(`${APP_PAGE_URL}#/x`, true, APP_PAGE_URL)).toBe(true)
  })

  it('refuses a thumbnail or another host of the app scheme', () => {
    expect(isTrustedSender('likeness://thumb/1', true, APP_PAGE_URL)).toBe(false)
    expect(isTrustedSender('likeness://evil/index.html', true, APP_PAGE_URL)).toBe(false)
    expect(isTrustedSender(APP_PAGE_URL, false, APP_PAGE_URL)).toBe(false)
  })

  it('refuses sub-frames, other pages and unknown senders', () => {
    expect(isTrustedSender(APP, false, APP)).toBe(false)
    expect(isTrustedSender('https://example.com/', true, APP)).toBe(false)
    expect(isTrustedSender('file:///tmp/evil.html', true, APP)).toBe(false)
    expect(isTrustedSender('http://localhost:9999/', true, DEV)).toBe(false)
    expect(isTrustedSender(undefined, true, APP)).toBe(false)
    expect(isTrustedSender('', true, APP)).toBe(false)
  })
})

describe('thumbnailIdFromUrl', () => {
  it('reads the id of a thumbnail URL', () => {
    expect(thumbnailIdFromUrl('likeness://thumb/12')).toBe('12')
    expect(thumbnailIdFromUrl('likeness://thumb/1')).toBe('1')
  })

  it.each([
    ['another host', 'likeness://image/12'],
    ['no id', 'likeness://thumb/'],
    ['no path', 'likeness://thumb'],
    ['an extra path segment', 'likeness://thumb/12/34'],
    ['a trailing slash', 'likeness://thumb/12/'],
    ['a query string', 'likeness://thumb/12?size=big'],
    ['credentials', 'likeness://user:pass@thumb/12'],
    ['the http scheme', 'http://thumb/12'],
    ['the file scheme', 'file:///thumb/12'],
    ['a similar scheme', 'likenesss://thumb/12'],
    ['a malformed URL', 'likeness thumb 12'],
    ['an empty string', '']
  ])('gives null for %s', (_, url) => {
    expect(thumbnailIdFromUrl(url)).toBeNull()
  })
})

describe('previewIdFromUrl', () => {
  it('reads the id of a preview URL', () => {
    expect(previewIdFromUrl('likeness://preview/12')).toBe('12')
    expect(previewIdFromUrl('likeness://preview/1')).toBe('1')
  })

  it('keeps the two hosts apart: a thumbnail URL is no preview, and a preview URL no thumbnail', () => {
    expect(previewIdFromUrl('likeness://thumb/12')).toBeNull()
    expect(thumbnailIdFromUrl('likeness://preview/12')).toBeNull()
  })

  it.each([
    ['the app host', 'likeness://app/12'],
    ['no id', 'likeness://preview/'],
    ['no path', 'likeness://preview'],
    ['an extra path segment', 'likeness://preview/12/34'],
    ['a climbing path', 'likeness://preview/../thumb/12/x'],
    ['a query string', 'likeness://preview/12?size=full'],
    ['a port', 'likeness://preview:8080/12'],
    ['credentials', 'likeness://user:pass@preview/12'],
    ['the http scheme', 'http://preview/12'],
    ['a malformed URL', 'likeness preview 12'],
    ['an empty string', '']
  ])('gives null for %s', (_, url) => {
    expect(previewIdFromUrl(url)).toBeNull()
  })
})
