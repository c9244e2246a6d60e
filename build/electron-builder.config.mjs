// electron-builder configuration: `npm run dist` (see build/dist.mjs) makes the installer for the
// machine it runs on. build/packaging.test.ts checks the invariants below without packaging.
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'
import { join } from 'node:path'

/**
 * Electron fuses flipped in the packaged binary: it cannot be run as plain Node, ignores
 * NODE_OPTIONS and --inspect, encrypts its cookies, and loads the app only from an app.asar whose
 * header hash matches the one electron-builder embeds (Info.plist on macOS, resources on Windows).
 */
export const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true
}

/** Runs after the app is copied beside Electron's binary and before it is signed, so signing sees the flipped binary. */
export async function afterPack(context) {
  const { electronPlatformName, appOutDir, packager, arch } = context
  const name = packager.appInfo.productFilename
  const binary = {
    darwin: join(appOutDir, `${name}.app`),
    mas: join(appOutDir, `${name}.app`),
    win32: join(appOutDir, `${name}.exe`),
    linux: join(appOutDir, packager.executableName)
  }[electronPlatformName]
  // On Apple silicon an unsigned binary must keep a valid ad-hoc signature to start at all.
  const armMac = electronPlatformName === 'darwin' && arch === 3 // builder-util's Arch.arm64
  await flipFuses(binary, { version: FuseVersion.V1, resetAdHocDarwinSignature: armMac, ...FUSES })
}

/** @type {import('electron-builder').Configuration} */
export default {
  appId: 'org.likeness.app',
  productName: 'Likeness',
  copyright: 'Copyright © Likeness contributors',
  directories: { buildResources: 'build', output: 'dist' },
  // The built app (out/) and the `likeness` command; never the sources or their tests. The app reads
  // nothing from resources/ (the sample is for `npm run demo`). electron-builder adds the production
  // dependencies from package.json.
  files: [
    'out/**',
    'bin/**',
    'package.json',
    '!**/*.test.*',
    '!**/*.spec.*',
    '!src/**',
    '!e2e/**',
    '!bench/**',
    '!scripts/**',
    '!build/**',
    '!.cache/**',
    '!.demo/**'
  ],
  asar: true,
  // Native code cannot be loaded from inside an asar archive: better-sqlite3's addon and sharp's
  // libvips binaries (in @img/sharp-<platform>) stay as files in app.asar.unpacked.
  asarUnpack: ['**/node_modules/better-sqlite3/**', '**/node_modules/sharp/**', '**/node_modules/@img/**', '**/*.node'],
  // better-sqlite3 must match Electron's ABI. In development the app loads a separate Electron build
  // from .cache/electron-native (scripts/native-electron.mjs), which is not shipped; the packaged app
  // instead loads node_modules/better-sqlite3 as electron-builder rebuilt it (npmRebuild, through
  // @electron/rebuild, which takes better-sqlite3's prebuilt Electron binary where one exists and
  // compiles it otherwise). That rebuild happens in the project's own node_modules, so build/dist.mjs
  // rebuilds it for Node afterwards; the CLI and the tests depend on that build. sharp uses N-API
  // binaries that serve Node and Electron alike and need no rebuild.
  npmRebuild: true,
  buildDependenciesFromSource: false,
  afterPack,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Science',
    icon: 'build/icons',
    maintainer: 'Likeness contributors <likeness@users.noreply.github.com>'
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'] },
  mac: { target: ['dmg'], category: 'public.app-category.education', icon: 'build/icon.icns' },
  dmg: { sign: false },
  win: { target: ['nsis'], icon: 'build/icon.ico' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true, perMachine: false }
}
