#!/usr/bin/env node
// The `likeness` command runs the built CLI bundle (out/main/cli.js).
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  console.error('likeness: the app is not built yet. Run "npm run build" in the Likeness folder first.')
  process.exit(1)
}
await import(pathToFileURL(cli).href)
