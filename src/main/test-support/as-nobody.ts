import { spawnSync, type SpawnSyncReturns } from 'node:child_process'

/** Whether this process runs as root, to which every folder is readable whatever its mode. */
export const isRoot = process.getuid?.() === 0
const NOBODY = 65534

/**
 * Runs a TypeScript snippet in a child Node process as the unprivileged user `nobody`, so a
 * test of a permission-denied folder means the same under root (as in CI) as for a user.
 */
export function runAsNobody(script: string, cwd: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    uid: isRoot ? NOBODY : undefined,
    gid: isRoot ? NOBODY : undefined,
    env: { ...process.env, HOME: '/tmp' },
    timeout: 60_000
  })
}
