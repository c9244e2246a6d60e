import { opendir, open, realpath, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Stats } from 'node:fs'
import { SNIFF_BYTES, hasImageExtension, sniffImageFormat } from './sniff'

export interface ScanOptions {
  /** Follow symbolic links to folders and files. Loops are detected and never followed twice. */
  followSymlinks?: boolean
  signal?: AbortSignal
  /** Called now and then with the number of image files found so far. */
  onProgress?: (found: number) => void
}

export interface ScannedFile {
  /** Path relative to the scanned root, with '/' separators on every platform. */
  relPath: string
  absPath: string
  /** Sub-folder relative to the root ('' for files in the root itself). */
  group: string
  size: number
  mtimeMs: number
}

export interface ScanProblem {
  relPath: string
  reason: string
  /** 'error': the user expects this entry and it cannot be read; 'skipped': passed over on purpose. */
  severity: 'error' | 'skipped'
}

export interface ScanResult {
  files: ScannedFile[]
  problems: ScanProblem[]
}

const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'))

/**
 * Walks a folder tree for image files. A file is an image candidate when its name has an image
 * extension or its first bytes are an image signature; the decoder decides later whether it
 * really is one. Unreadable folders are reported, not fatal. Symbolic links are not followed
 * unless asked, and then each real folder is entered once (device + inode), so loops end.
 */
export async function scanFolder(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const files: ScannedFile[] = []
  const problems: ScanProblem[] = []
  const visited = new Set<string>()
  const rootStat = await stat(root)
  visited.add(`${rootStat.dev}:${rootStat.ino}`)
  const stack: string[] = [root]
  let lastReport = 0

  while (stack.length > 0) {
    options.signal?.throwIfAborted()
    const dir = stack.pop()!
    let handle
    try {
      handle = await opendir(dir)
    } catch (err) {
      problems.push({ relPath: toPosix(relative(root, dir)), reason: folderReason(err), severity: 'error' })
      continue
    }
    const subdirs: string[] = []
    for await (const entry of handle) {
      const abs = join(dir, entry.name)
      const rel = toPosix(relative(root, abs))
      let st: Stats | undefined
      if (entry.isSymbolicLink()) {
        if (!options.followSymlinks) {
          problems.push({ relPath: rel, reason: 'Symbolic link not followed (turn on "follow symbolic links" to include it).', severity: 'skipped' })
          continue
        }
        try {
          st = await stat(abs)
        } catch {
          problems.push({ relPath: rel, reason: 'Broken symbolic link: its target does not exist.', severity: 'skipped' })
          continue
        }
      }
      const isDir = st ? st.isDirectory() : entry.isDirectory()
      const isFile = st ? st.isFile() : entry.isFile()
      if (isDir) {
        const s = st ?? (await statOrNull(abs))
        if (!s) continue
        const key = `${s.dev}:${s.ino}`
        if (visited.has(key)) {
          const target = await realpath(abs).catch(() => abs)
          problems.push({ relPath: rel, reason: `Link loop: ${target} is already part of this import.`, severity: 'skipped' })
          continue
        }
        visited.add(key)
        subdirs.push(abs)
      } else if (isFile) {
        const s = st ?? (await statOrNull(abs))
        if (!s) {
          problems.push({ relPath: rel, reason: 'The file vanished or cannot be read.', severity: 'error' })
          continue
        }
        if (!hasImageExtension(entry.name) && !(await looksLikeImage(abs))) continue
        const slash = rel.lastIndexOf('/')
        files.push({ relPath: rel, absPath: abs, group: slash < 0 ? '' : rel.slice(0, slash), size: s.size, mtimeMs: s.mtimeMs })
        if (options.onProgress && files.length - lastReport >= 200) {
          lastReport = files.length
          options.onProgress(files.length)
        }
      }
    }
    // Depth-first in name order, so an interrupted scan and a later one meet files in the same order.
    subdirs.sort().reverse()
    stack.push(...subdirs)
  }
  files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0))
  options.onProgress?.(files.length)
  return { files, problems }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path)
  } catch {
    return null
  }
}

async function looksLikeImage(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'r')
    try {
      const head = new Uint8Array(SNIFF_BYTES)
      const { bytesRead } = await fh.read(head, 0, SNIFF_BYTES, 0)
      return sniffImageFormat(head.subarray(0, bytesRead)) !== null
    } finally {
      await fh.close()
    }
  } catch {
    return false
  }
}

function folderReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return 'Folder cannot be read: permission denied. Give your user read access to it and import again.'
  if (code === 'ENAMETOOLONG') return 'Folder path is too long for this system.'
  return `Folder cannot be read: ${(err as Error).message}`
}
