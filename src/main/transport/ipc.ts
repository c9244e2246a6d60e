import type { IpcMain, WebContents } from 'electron'
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract'
import type { Registry } from '../app/handlers'
import type { EventBus } from '../app/events'

/**
 * Electron's transport: the registry answers `likeness:invoke` for trusted senders, and every bus
 * event is pushed to the app's windows.
 */
export function serveIpc(
  ipcMain: IpcMain,
  registry: Registry,
  bus: EventBus,
  trusted: (frameUrl: string | undefined, isMainFrame: boolean) => boolean,
  windows: () => WebContents[]
): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, arg: unknown) => {
    const frame = event.senderFrame
    if (!trusted(frame?.url, frame !== null && frame === event.sender.mainFrame)) {
      console.warn(`Refused IPC from an untrusted frame: ${frame?.url ?? 'unknown'}`)
      return { ok: false, error: { kind: 'forbidden', message: 'This page may not talk to Likeness.' } }
    }
    return registry.invoke(channel, arg)
  })
  const unsubscribe = bus.onAny((name, payload) => {
    for (const wc of windows()) if (!wc.isDestroyed()) wc.send(IPC_EVENT, name, payload)
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_INVOKE)
  }
}
