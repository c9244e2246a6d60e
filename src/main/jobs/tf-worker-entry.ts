/**
 * Where the training thread's script is. Built, TensorFlow.js is bundled into it and workerEntry's
 * answer serves. From source (tests, benchmarks), Node itself loads TensorFlow.js, and its packages'
 * Node entries are CommonJS bundles without the chained ops (x.mean()) the models use, while their
 * ES module builds import folders and extensionless files that Node's resolver refuses. The
 * bootstrap therefore adds a resolve hook before tsx: bare @tensorflow/* imports go to the
 * package's ES module entry (as bundlers and Vitest resolve them, so all share one tfjs-core), and
 * a refused specifier inside those packages is retried with ".js" and "/index.js"; seedrandom, whose
 * generators tfjs reads as named exports of a CommonJS module, gets them named; and, since that
 * build calls require() on Node as bundlers allow, the thread gets a global require.
 */
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
import { workerEntry, type WorkerEntry } from './worker-entry'

const HOOK = `
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
const TF = /^@tensorflow\\/[^/]+$/
const SEEDRANDOM = ['alea', 'xor128', 'xorwow', 'xorshift7', 'xor4096', 'tychei']
export async function resolve(specifier, context, next) {
  if (specifier === 'seedrandom' && (context.parentURL ?? '').includes('/node_modules/@tensorflow/')) {
    const real = await next(specifier, context)
    const names = SEEDRANDOM.map((n) => 'export const ' + n + ' = sr.' + n + ';').join(' ')
    const code = 'import sr from ' + JSON.stringify(real.url) + '; export default sr; ' + names
    return { url: 'data:text/javascript,' + encodeURIComponent(code), format: 'module', shortCircuit: true }
  }
  if (TF.test(specifier)) {
    const main = await next(specifier + '/package.json', context).catch(() => null)
    if (main) {
      const file = fileURLToPath(main.url)
      const pkg = JSON.parse(readFileSync(file, 'utf8'))
      if (pkg.module) return { url: pathToFileURL(join(dirname(file), pkg.module)).href, format: 'module', shortCircuit: true }
    }
  }
  try {
    return await next(specifier, context)
  } catch (error) {
    const inside = specifier.startsWith('@tensorflow/') || (context.parentURL ?? '').includes('/node_modules/@tensorflow/')
    if (!inside || !['ERR_UNSUPPORTED_DIR_IMPORT', 'ERR_MODULE_NOT_FOUND'].includes(error.code)) throw error
    for (const suffix of ['.js', '/index.js']) {
      const found = await next(specifier + suffix, context).catch(() => null)
      if (found) return { ...found, format: 'module' }
    }
    throw error
  }
}
`

export function trainWorkerEntry(from: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(from)
  if (!here.endsWith('.ts')) return workerEntry('train.worker', from)
  const require = createRequire(from)
  const tsxApi = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const script = pathToFileURL(join(dirname(here), 'train.worker.ts')).href
  const hook = `data:text/javascript,${encodeURIComponent(HOOK)}`
  const code = [
    `import { createRequire, register } from 'node:module';`,
    `register(${JSON.stringify(hook)});`,
    // tfjs-core's ES module build calls require('util') on Node, as bundlers allow; give it one.
    `globalThis.require ??= createRequire(${JSON.stringify(script)});`,
    `const { register: tsx } = await import(${JSON.stringify(tsxApi)}); tsx();`,
    `await import(${JSON.stringify(script)});`
  ].join('\n')
  return { file: new URL(`data:text/javascript,${encodeURIComponent(code)}`), execArgv: [] }
}
