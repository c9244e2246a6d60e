// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/electron-<version>/, beside
// (not over) the Node build in node_modules that the CLI and the tests use. The app loads this copy
// through better-sqlite3's `nativeBinding` option. Written with node-gyp directly because the usual
// tool (@electron/rebuild) rebuilds in place, which would break the Node build.
import { cpSync, existsSync, mkdirSync, rmSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

function fail(message) {
  console.error(`\nLikeness: ${message}\n`)
  process.exit(1)
}

const electronPkg = join(root, 'node_modules', 'electron', 'package.json')
if (!existsSync(electronPkg)) fail('Electron is not installed: run "npm install" first.')
const version = JSON.parse(readFileSync(electronPkg, 'utf8')).version
if (!existsSync(join(root, 'node_modules', 'electron', 'path.txt'))) {
  fail(
    "Electron's binary is not installed (its download was skipped or its host is unreachable), so the desktop window cannot open on this machine.\n" +
      'Everything else works: "npm run demo", "npx likeness serve" (the app in a browser) and "npm test".\n' +
      'Where the download host is reachable, run "npm install" again without ELECTRON_SKIP_BINARY_DOWNLOAD.'
  )
}

const target = join(root, '.cache', 'electron-native', `electron-${version}`, 'better_sqlite3.node')
if (existsSync(target)) process.exit(0)

const gyp = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
const gypBin = existsSync(gyp) ? gyp : require.resolve('node-gyp/bin/node-gyp.js')
const source = dirname(require.resolve('better-sqlite3/package.json'))
const staging = mkdtempSync(join(tmpdir(), 'likeness-native-'))
cpSync(source, staging, { recursive: true, filter: (p) => !p.includes(`${source}/build`) })

console.log(`Building better-sqlite3 for Electron ${version} (once; it takes a minute)…`)
const env = { ...process.env }
// A machine-wide nodedir (Node's own headers) would build for the wrong ABI.
for (const key of Object.keys(env)) if (/^npm_config_nodedir$/i.test(key)) delete env[key]
const result = spawnSync(
  process.execPath,
  [gypBin, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
  { cwd: staging, stdio: 'inherit', env }
)
if (result.status !== 0) {
  rmSync(staging, { recursive: true, force: true })
  fail(
    `Building better-sqlite3 for Electron ${version} failed (node-gyp needs Electron's headers from electronjs.org, python3, make and a C++ compiler).\n` +
      'The CLI, "npx likeness serve" and the tests do not need this step and keep working.'
  )
}
mkdirSync(dirname(target), { recursive: true })
copyFileSync(join(staging, 'build', 'Release', 'better_sqlite3.node'), target)
rmSync(staging, { recursive: true, force: true })
console.log(`Built ${target}`)
