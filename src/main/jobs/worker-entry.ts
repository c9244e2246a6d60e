import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface WorkerEntry {
  file: string
  execArgv: string[]
}

/**
 * Where a worker's script is. Built, every entry sits flat in out/main next to the code that
 * starts it; from source (tests, benchmarks) the worker is the TypeScript file beside this one,
 * loaded through tsx.
 */
export function workerEntry(name: string, from: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(from)
  if (here.endsWith('.ts')) return { file: join(dirname(here), `${name}.ts`), execArgv: ['--import', 'tsx'] }
  return { file: join(dirname(here), `${name}.js`), execArgv: [] }
}
