import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 is a native module, and Electron's ABI differs from Node's: `npm start` builds a
 * copy for Electron under .cache/electron-native (scripts/native-electron.mjs) and the app loads
 * that one, while the CLI and the tests keep using the Node build in node_modules.
 */
export function electronNativeBinding(root: string = join(import.meta.dirname, '..', '..')): string | undefined {
  const file = join(root, '.cache', 'electron-native', `electron-${process.versions.electron}`, 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}
