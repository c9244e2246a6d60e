import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface WorkerEntry {
  /** A script path, or a URL (a data: URL for a bootstrap). */
  file: string | URL
  execArgv: string[]
}

/**
 * Where a worker's script is. Built, every entry sits flat in out/main next to the code that
 * starts it. From source (tests, benchmarks) the worker is the TypeScript file beside this one:
 * a small bootstrap registers tsx's loader inside the worker thread and imports it, since loader
 * flags given to the parent do not reach worker threads on Node 20.
 */
export function workerEntry(name: string, from: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(from)
  if (!here.endsWith('.ts')) return { file: join(dirname(here), `${name}.js`), execArgv: [] }
  const require = createRequire(from)
  const tsxApi = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const script = pathToFileURL(join(dirname(here), `${name}.ts`)).href
  const code = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(script)});`
  return { file: new URL(`data:text/javascript,${encodeURIComponent(code)}`), execArgv: [] }
}
