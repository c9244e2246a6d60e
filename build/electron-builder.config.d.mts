// Types of electron-builder.config.mjs, for the packaging test.
import type { Configuration } from 'electron-builder'
import type { FuseV1Options } from '@electron/fuses'

/** The Electron fuses every packaged build gets. */
export declare const FUSES: Partial<Record<FuseV1Options, boolean>>
export declare function afterPack(context: {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { appInfo: { productFilename: string } }
}): Promise<void>
declare const config: Configuration
export default config
