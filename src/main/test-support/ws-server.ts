import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Channel } from '../../shared/contract'
import { EventBus } from '../app/events'
import { Registry, type HandlerMap } from '../app/handlers'
import { serveLoopback, type RunningServer, type ServeOptions } from '../transport/ws'

export interface TestServer extends RunningServer {
  /** What the server logged as warnings (refused connections, broken frames), in order. */
  warnings: string[]
  /** The WebSocket address with the token, as a client opens it. */
  wsUrl: string
}

/**
 * A loopback server over the handlers a test gives (any subset of the contract's channels), with an
 * empty renderer folder that `close` removes again. `options` reach `serveLoopback` unchanged.
 */
export async function startTestServer(
  handlers: Partial<Record<Channel, unknown>>,
  options: Partial<Omit<ServeOptions, 'registry'>> = {}
): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'likeness-ws-test-'))
  const warnings: string[] = []
  const server = await serveLoopback({
    registry: new Registry(handlers as HandlerMap, { warn: () => {} }),
    bus: new EventBus(),
    rendererDir: root,
    thumbnailFile: () => null,
    log: { warn: (message) => warnings.push(message) },
    ...options
  })
  return {
    ...server,
    warnings,
    wsUrl: `ws://127.0.0.1:${server.port}/ws?token=${server.token}`,
    close: async () => {
      await server.close()
      rmSync(root, { recursive: true, force: true })
    }
  }
}
