// `npm run dist [-- <electron-builder options>]`: packages the built app (run `npm run build` first;
// the npm script does) with build/electron-builder.config.mjs, for this machine's platform unless
// told otherwise (--linux, --mac, --win).
//
// electron-builder rebuilds better-sqlite3 for Electron's ABI inside the project's own node_modules
// (see npmRebuild in the config), so afterwards, whether packaging succeeded or not, this rebuilds it
// for Node again: the `likeness` CLI, the loopback server and the tests load that copy.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })

const builder = run('npx', ['electron-builder', '--config', 'build/electron-builder.config.mjs', ...process.argv.slice(2)])
const restore = run('npm', ['rebuild', 'better-sqlite3'])
if (restore.status !== 0) {
  console.error('\nLikeness: rebuilding better-sqlite3 for Node failed; run "npm rebuild better-sqlite3" before using the CLI or the tests.\n')
}
if (builder.status !== 0) {
  console.error(
    '\nLikeness: electron-builder failed (its message is above). It downloads Electron for the target platform\n' +
      'from github.com, and the NSIS, AppImage and dmg tools from the same place, so it needs that host.\n'
  )
}
process.exit(builder.status ?? 1)
