import { contextBridge, ipcRenderer, webUtils } from 'electron'
import {
  APP_PROTOCOL, IPC_EVENT, IPC_INVOKE, type EventName, type Events, type LikenessApi, type Reply
} from '../shared/contract'

/** The one object the sandboxed renderer gets: typed calls and subscriptions, nothing else. */
const api = {
  async invoke(channel, arg) {
    const reply = (await ipcRenderer.invoke(IPC_INVOKE, channel, arg)) as Reply<never>
    if (reply.ok) return reply.value
    throw Object.assign(new Error(reply.error.message), { kind: reply.error.kind })
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    const wrapped = (_e: unknown, name: EventName, payload: unknown): void => {
      if (name === event) listener(payload as Events[E])
    }
    ipcRenderer.on(IPC_EVENT, wrapped)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, wrapped)
    }
  },
  thumbnailUrl: (itemId) => `${APP_PROTOCOL}://thumb/${itemId}`,
  previewUrl: (itemId) => `${APP_PROTOCOL}://preview/${itemId}`,
  pathForFile: (file) => webUtils.getPathForFile(file)
} satisfies LikenessApi

contextBridge.exposeInMainWorld('api', api)
