import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { chmodSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

/** Whether this process runs as root, to which every folder is readable whatever its mode. */
export const isRoot = process.getuid?.() === 0
const NOBODY = 65534

/**
 * Gives "others" the right to pass through every folder above `path` that lacks it (a checkout
 * inside a private temporary folder, say), so `nobody` can load the project's code; returns the
 * function that puts the modes back.
 */
function openPathForOthers(path: string): () => void {
  const changed: { dir: string; mode: number }[] = []
  for (let dir = path; ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001)
      changed.push({ dir, mode })
    }
    if (dirname(dir) === dir) break
  }
  return () => {
    for (const { dir, mode } of changed.reverse()) chmodSync(dir, mode)
  }
}

/**
 * Runs a TypeScript snippet in a child Node process as the unprivileged user `nobody`, so a
 * test of a permission-denied folder means the same under root (as in CI) as for a user.
 */
export function runAsNobody(script: string, cwd: string): SpawnSyncReturns<string> {
  const restore = isRoot ? openPathForOthers(cwd) : () => {}
  try {
    return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd,
      encoding: 'utf8',
      uid: isRoot ? NOBODY : undefined,
      gid: isRoot ? NOBODY : undefined,
      env: { ...process.env, HOME: '/tmp' },
      timeout: 60_000
    })
  } finally {
    restore()
  }
}
