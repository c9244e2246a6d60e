import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, isAllowedNavigation, isTrustedSender, thumbnailIdFromUrl, windowOptions } from './security'

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

describe('isTrustedSender', () => {
  it('trusts only the main frame of the app page', () => {
    expect(isTrustedSender(APP, true, APP)).toBe(true)
    expect(isTrustedSender(`${APP}#/x`, true, APP)).toBe(true)
    expect(isTrustedSender(`${DEV}/`, true, DEV)).toBe(true)
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
