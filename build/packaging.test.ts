import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

// flipFuses rewrites a real Electron binary; here it only records what the hook asks of it.
const flipFuses = vi.hoisted(() => vi.fn(async () => 0))
vi.mock('@electron/fuses', async (importOriginal) => ({ ...(await importOriginal<object>()), flipFuses }))

const { FuseV1Options, FuseVersion } = await import('@electron/fuses')
const { default: config, FUSES, afterPack } = await import('./electron-builder.config.mjs')
const files = config.files as string[]

const root = join(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const icon = (name: string): Buffer => readFileSync(join(import.meta.dirname, name))
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const pngSize = (png: Buffer): [number, number] => [png.readUInt32BE(16), png.readUInt32BE(20)]

describe('electron-builder configuration', () => {
  it('makes AppImage and deb on Linux, dmg on macOS and NSIS on Windows', () => {
    expect(config.appId).toBe('org.likeness.app')
    expect(config.productName).toBe('Likeness')
    expect(config.directories?.buildResources).toBe('build')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
  })

  it('packs the built app and the CLI, and none of the sources or their tests', () => {
    expect(pkg.main.startsWith('out/')).toBe(true)
    expect(files).toEqual(expect.arrayContaining(['out/**', 'bin/**', 'package.json']))
    expect(files).toEqual(expect.arrayContaining(['!**/*.test.*', '!**/*.spec.*', '!src/**', '!e2e/**', '!bench/**']))
    // Nothing includes a source folder back after it was excluded.
    const included = files.filter((pattern) => !pattern.startsWith('!'))
    for (const pattern of included) expect(pattern).not.toMatch(/^(src|e2e|bench|scripts)\//)
  })

  it('keeps the native modules out of the asar and rebuilds them for Electron', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/node_modules/sharp/**', '**/node_modules/@img/**'])
    )
    expect(config.npmRebuild).toBe(true)
    expect(pkg.dependencies).toHaveProperty('better-sqlite3')
    expect(pkg.dependencies).toHaveProperty('sharp')
  })

  it('turns off running as Node and the Node debugging switches, and turns on cookie encryption and asar integrity', () => {
    expect(FUSES).toEqual({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true
    })
    expect(config.afterPack).toBe(afterPack)
  })

  it('flips those fuses on the packaged binary of each platform', async () => {
    const packager = { appInfo: { productFilename: 'Likeness' }, executableName: 'likeness' }
    const cases = [
      { electronPlatformName: 'linux', arch: 1, binary: '/o/likeness', reset: false },
      { electronPlatformName: 'win32', arch: 1, binary: '/o/Likeness.exe', reset: false },
      { electronPlatformName: 'darwin', arch: 3, binary: '/o/Likeness.app', reset: true }
    ]
    for (const { electronPlatformName, arch, binary, reset } of cases) {
      flipFuses.mockClear()
      await afterPack({ electronPlatformName, arch, appOutDir: '/o', packager })
      expect(flipFuses).toHaveBeenCalledWith(join(binary), { version: FuseVersion.V1, resetAdHocDarwinSignature: reset, ...FUSES })
    }
  })

  it('is what `npm run dist` packages with', () => {
    expect(pkg.scripts.dist).toMatch(/^npm run build && node build\/dist\.mjs/)
    expect(readFileSync(join(import.meta.dirname, 'dist.mjs'), 'utf8')).toContain('build/electron-builder.config.mjs')
    expect(pkg.devDependencies).toHaveProperty('electron-builder')
    expect(pkg.devDependencies).toHaveProperty('@electron/fuses')
  })
})

describe('icons', () => {
  it('has a 1024-pixel PNG and the Linux sizes', () => {
    const png = icon('icon.png')
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE)
    expect(pngSize(png)).toEqual([1024, 1024])
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const file = icon(`icons/${size}x${size}.png`)
      expect(file.subarray(0, 8)).toEqual(PNG_SIGNATURE)
      expect(pngSize(file)).toEqual([size, size])
    }
  })

  it('has an ICO whose entries point at PNGs of the sizes they declare, 16 to 256', () => {
    const ico = icon('icon.ico')
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const count = ico.readUInt16LE(4)
    const sizes: number[] = []
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i
      const declared = ico.readUInt8(entry) || 256
      const length = ico.readUInt32LE(entry + 8)
      const offset = ico.readUInt32LE(entry + 12)
      expect(offset + length).toBeLessThanOrEqual(ico.length)
      const png = ico.subarray(offset, offset + length)
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE)
      expect(pngSize(png)).toEqual([declared, declared])
      sizes.push(declared)
    }
    expect(sizes).toEqual([16, 32, 48, 64, 128, 256])
  })

  it('has an ICNS whose length and entries add up, with PNG entries ic07 to ic10', () => {
    const icns = icon('icon.icns')
    expect(icns.toString('ascii', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const entries: Record<string, number> = {}
    let at = 8
    while (at < icns.length) {
      const type = icns.toString('ascii', at, at + 4)
      const length = icns.readUInt32BE(at + 4)
      const png = icns.subarray(at + 8, at + length)
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE)
      entries[type] = pngSize(png)[0]
      at += length
    }
    expect(at).toBe(icns.length)
    expect(entries).toEqual({ ic07: 128, ic08: 256, ic09: 512, ic10: 1024 })
  })
})
