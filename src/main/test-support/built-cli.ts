import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'

/** The repository root, and the command the package installs (bin/likeness.js → out/main/cli.js). */
export const repo = join(import.meta.dirname, '..', '..', '..')
export const bin = join(repo, 'bin', 'likeness.js')

/** Fails the calling test file at once, with what to do, when the app has not been built. */
export function expectBuiltCli(): void {
  expect(existsSync(join(repo, 'out', 'main', 'cli.js')), 'build the app first: npm run build').toBe(true)
}

/** Runs the built CLI from the repository root, with the training backend left to its default choice. */
export function likeness(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LIKENESS_BACKEND: '' } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
