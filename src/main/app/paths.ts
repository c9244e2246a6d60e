import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The CLI's library when --db is not given: LIKENESS_DB, else ~/.likeness/library.sqlite. */
export function defaultLibraryPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.LIKENESS_DB ? resolve(env.LIKENESS_DB) : join(homedir(), '.likeness', 'library.sqlite')
}

/** The built renderer: out/renderer, found from a built bundle (out/main) or from the sources. */
export function rendererDir(from: string = import.meta.url): string {
  const here = dirname(fileURLToPath(from))
  return here.endsWith(join('src', 'main', 'app')) ? resolve(here, '../../../out/renderer') : resolve(here, '../renderer')
}
