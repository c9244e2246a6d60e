/**
 * Atomic writes for model files, without TensorFlow.js, so services that write a small file beside a
 * model need not load it: a temporary name, synced, then renamed over the target. Files are 0600 in
 * 0700 folders, as the library's other files.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'

export const FILE_MODE = 0o600
export const DIR_MODE = 0o700

export function tempName(target: string): string {
  return `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
}

export async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, 'w', FILE_MODE)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes the file under a temporary name, then renames it over `file`: a reader sees the old or the new file, never half of one. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: DIR_MODE })
  const temp = tempName(file)
  try {
    await writeSynced(temp, data)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
