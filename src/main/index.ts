import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron'
import { join } from 'node:path'
import { readFile, writeFile } from 'node:fs/promises'
import pkg from '../../package.json'
import { APP_PROTOCOL } from '../shared/contract'
import { Library } from './app/library'
import { Registry } from './app/handlers'
import { createHandlers } from './app/services'
import { readThumbnail, thumbnailFileForRequest } from './app/thumbnails'
import { previewFileForRequest } from './app/items-service'
import { serveIpc } from './transport/ipc'
import {
  allowDevicePermission, allowPermission, APP_HOST, APP_PAGE_URL, appFileFromUrl, appResponseHeaders,
  contentSecurityPolicy, externalLinkPrompt, externalLinkToOffer, isAllowedFrameNavigation, isAllowedNavigation,
  isTrustedSender, OPEN_LINK_BUTTON, previewIdFromUrl, thumbnailIdFromUrl, windowOptions
} from './electron/security'
import { electronNativeBinding } from './electron/native'

// The desktop entry: lifecycle and wiring only. Everything it uses is tested without Electron.

protocol.registerSchemesAsPrivileged([
  { scheme: APP_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true } }
])

const devServer = process.env['ELECTRON_RENDERER_URL']
// The built renderer is served from its own folder through the app scheme (see appFileFromUrl).
const rendererRoot = join(import.meta.dirname, '../renderer')
const appUrl = devServer ?? APP_PAGE_URL
let library: Library | null = null

function openLibraryOrExplain(): Library | null {
  const file = join(app.getPath('userData'), 'library.sqlite')
  try {
    return new Library(file, { nativeBinding: electronNativeBinding() })
  } catch (err) {
    dialog.showErrorBox('Likeness cannot open its library', (err as Error).message)
    return null
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(join(import.meta.dirname, '../preload/index.cjs')))
  win.once('ready-to-show', () => win.show())
  void win.loadURL(appUrl)
  return win
}

/** A link leaves the app only for https, and only after the user has seen it and said yes. */
async function confirmOpenExternal(url: string, owner: BrowserWindow | null): Promise<void> {
  const href = externalLinkToOffer(url)
  if (!href) return
  const prompt = externalLinkPrompt(href)
  const { response } = owner ? await dialog.showMessageBox(owner, prompt) : await dialog.showMessageBox(prompt)
  if (response === OPEN_LINK_BUTTON) await shell.openExternal(href)
}

async function serveAppFile(url: string): Promise<Response> {
  // The dev server serves the renderer in development; the app host serves nothing then.
  const file = devServer ? null : appFileFromUrl(url, rendererRoot)
  if (!file) return new Response('Not found', { status: 404 })
  try {
    return new Response(new Uint8Array(await readFile(file)), { headers: appResponseHeaders(file) })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}

/** The viewer's large image, made on its first request (see previews.ts). */
async function servePreview(lib: Library, idText: string): Promise<Response> {
  try {
    const file = await previewFileForRequest(lib, idText)
    if (!file) return new Response('Not found', { status: 404 })
    const { body, type } = readThumbnail(file)
    return new Response(new Uint8Array(body), { headers: { 'Content-Type': type, 'Cache-Control': 'private, max-age=86400' } })
  } catch (err) {
    return new Response((err as Error).message, { status: 422 })
  }
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web may open in the user's browser, never inside the app.
    void confirmOpenExternal(url, BrowserWindow.fromWebContents(contents)).catch(() => undefined)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, appUrl)) event.preventDefault()
  })
  // A sub-frame's navigation and a server redirect do not pass through will-navigate.
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedFrameNavigation(event.url, event.isMainFrame, appUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isAllowedFrameNavigation(event.url, event.isMainFrame, appUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

void app.whenReady().then(() => {
  library = openLibraryOrExplain()
  if (!library) return app.quit()
  const lib = library

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy(devServer)] }
    })
  })
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(allowPermission(permission, details.requestingUrl, appUrl))
  )
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => allowPermission(permission, requestingOrigin, appUrl))
  ses.setDevicePermissionHandler(() => allowDevicePermission())
  // Without these, a device chooser with no handler may pick the first device by itself.
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  ses.on('select-serial-port', (event, _ports, _wc, callback) => {
    event.preventDefault()
    callback('')
  })
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  protocol.handle(APP_PROTOCOL, async (request) => {
    if (new URL(request.url).hostname === APP_HOST) return serveAppFile(request.url)
    const previewId = previewIdFromUrl(request.url)
    if (previewId) return servePreview(lib, previewId)
    const id = thumbnailIdFromUrl(request.url)
    const file = id && thumbnailFileForRequest(id, (n) => lib.items.thumbnailHash(n), lib.thumbnailDir)
    if (!file) return new Response('Not found', { status: 404 })
    const { body, type } = readThumbnail(file)
    return new Response(new Uint8Array(body), { headers: { 'Content-Type': type, 'Cache-Control': 'private, max-age=86400' } })
  })

  const registry = new Registry(
    createHandlers(lib, {
      transport: 'ipc',
      version: pkg.version,
      pickFolders: async () => {
        const owner = BrowserWindow.getFocusedWindow()
        const options = { title: 'Import folders', properties: ['openDirectory', 'multiSelections'] as ('openDirectory' | 'multiSelections')[] }
        const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options)
        return result.canceled ? [] : result.filePaths
      },
      savePdf: async (html, suggestedName) => {
        const owner = BrowserWindow.getFocusedWindow()
        const options = { title: 'Save the report as PDF', defaultPath: suggestedName, filters: [{ name: 'PDF', extensions: ['pdf'] }] }
        const target = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options)
        if (target.canceled || !target.filePath) return null
        // A hidden, sandboxed window that renders the self-contained report and prints it.
        const printer = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } })
        try {
          await printer.loadURL(`data:text/html;base64,${Buffer.from(html).toString('base64')}`)
          const pdf = await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
          await writeFile(target.filePath, pdf)
          return target.filePath
        } finally {
          printer.destroy()
        }
      }
    })
  )
  serveIpc(ipcMain, registry, lib.bus, (url, main) => isTrustedSender(url, main, appUrl), () =>
    BrowserWindow.getAllWindows().map((w) => w.webContents)
  )
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

let closing = false
app.on('will-quit', (event) => {
  if (!library || closing) return
  // Stop running jobs cleanly: what they finished is committed, the rest resumes next time.
  event.preventDefault()
  closing = true
  void library.close().finally(() => app.quit())
})
