import { randomBytes } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { serveLoopback, type RunningServer, type ServeOptions } from './ws'

/** What `likeness serve` keeps of a library between runs, so a restart comes back at the same address. */
export interface ServeState {
  token: string
  port: number | null
}

export interface ServeLibraryOptions {
  /** A port asked for on the command line: used or failed, never swapped for another. */
  port?: number
  /** Forget the kept token and make a new one; pages opened with the old address are refused. */
  newToken?: boolean
}

const TOKEN_PATTERN = /^[\w-]{32,}$/

/** Beside the library database, like its thumbnails folder. */
export function serveStatePath(dbPath: string): string {
  return `${dbPath}.serve.json`
}

/**
 * The kept token and port of a library, or a new token when none is kept or a new one is asked for.
 * A new token keeps the port, so pages open at the old address learn at once that they were refused.
 */
export function loadServeState(dbPath: string, newToken = false): ServeState {
  let kept: Partial<ServeState> = {}
  try {
    kept = JSON.parse(readFileSync(serveStatePath(dbPath), 'utf8')) as Partial<ServeState>
  } catch {
    // No file yet, or one that cannot be read: start afresh.
  }
  const port = Number.isInteger(kept.port) && kept.port! > 0 && kept.port! < 65536 ? kept.port! : null
  const reuse = !newToken && typeof kept.token === 'string' && TOKEN_PATTERN.test(kept.token)
  return { token: reuse ? kept.token! : randomBytes(24).toString('base64url'), port }
}

/**
 * Written whole to a new file of mode 0600 and renamed over the old one: the token opens the whole
 * library, so only its owner may read it, whatever mode an older file had.
 */
export function saveServeState(dbPath: string, state: ServeState): void {
  const target = serveStatePath(dbPath)
  const tmp = `${target}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o600 })
  renameSync(tmp, target)
}

/**
 * Serves a library with the token and port of its previous run, so open pages reconnect by
 * themselves after a restart. The previous port is only a wish: when something else holds it, the
 * server takes a free one and the pages have to be opened again at the new address.
 */
export async function serveLibrary(
  dbPath: string,
  options: Omit<ServeOptions, 'port' | 'token'>,
  { port, newToken = false }: ServeLibraryOptions = {}
): Promise<RunningServer> {
  if (dbPath === ':memory:') return serveLoopback({ ...options, port })
  const kept = loadServeState(dbPath, newToken)
  const start = (p: number | undefined): Promise<RunningServer> => serveLoopback({ ...options, token: kept.token, port: p })
  let server: RunningServer
  if (port !== undefined || kept.port === null) server = await start(port)
  else {
    try {
      server = await start(kept.port)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
      server = await start(undefined)
    }
  }
  saveServeState(dbPath, { token: server.token, port: server.port })
  return server
}
