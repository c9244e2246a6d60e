import { opendir, open, readdir, realpath, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Dirent, Stats } from 'node:fs'
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
    const entries: Dirent[] = []
    for await (const entry of handle) entries.push(entry)
    const relDir = toPosix(relative(root, dir))
    const badNames = entries.some((e) => e.name.includes('\uFFFD')) ? await namesNotUtf8(dir) : NO_NAMES
    const subdirs: string[] = []
    // Entries are looked at (stat, and the first bytes of a file without an image extension) many
    // at a time, as one at a time waits on a trip through libuv's thread pool for each file, and
    // then taken in order, so links, loops and problems come out as they did one by one.
    for (let i = 0; i < entries.length; i += LOOK_AHEAD) {
      options.signal?.throwIfAborted()
      const looked = await Promise.all(
        entries.slice(i, i + LOOK_AHEAD).map((entry) => lookAt(dir, relDir, entry, options.followSymlinks ?? false, badNames))
      )
      for (const l of looked) {
        switch (l.kind) {
          case 'unfollowed-link':
            problems.push({ relPath: l.rel, reason: 'Symbolic link not followed (turn on "follow symbolic links" to include it).', severity: 'skipped' })
            break
          case 'broken-link':
            problems.push({ relPath: l.rel, reason: 'Broken symbolic link: its target does not exist.', severity: 'skipped' })
            break
          case 'folder': {
            const key = `${l.stats.dev}:${l.stats.ino}`
            if (visited.has(key)) {
              const target = await realpath(l.abs).catch(() => l.abs)
              problems.push({ relPath: l.rel, reason: `Link loop: ${target} is already part of this import.`, severity: 'skipped' })
              break
            }
            visited.add(key)
            subdirs.push(l.abs)
            break
          }
          case 'name-not-utf8':
            problems.push({ relPath: l.rel, reason: 'The file name is not valid UTF-8; rename the file to import it.', severity: 'error' })
            break
          case 'vanished':
            problems.push({ relPath: l.rel, reason: 'The file vanished or cannot be read.', severity: 'error' })
            break
          case 'image': {
            const slash = l.rel.lastIndexOf('/')
            files.push({ relPath: l.rel, absPath: l.abs, group: slash < 0 ? '' : l.rel.slice(0, slash), size: l.stats.size, mtimeMs: l.stats.mtimeMs })
            if (options.onProgress && files.length - lastReport >= 200) {
              lastReport = files.length
              options.onProgress(files.length)
            }
            break
          }
          case 'none':
            break
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

/** Entries of a folder looked at together (see scanFolder). */
const LOOK_AHEAD = 64

/** What one folder entry is, as far as the scan cares. */
type Looked =
  | { kind: 'unfollowed-link' | 'broken-link' | 'name-not-utf8' | 'vanished' | 'none'; abs: string; rel: string }
  | { kind: 'folder' | 'image'; abs: string; rel: string; stats: Stats }

async function lookAt(dir: string, relDir: string, entry: Dirent, followSymlinks: boolean, badNames: ReadonlySet<string>): Promise<Looked> {
  const abs = join(dir, entry.name)
  const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`
  // Such a name, read as UTF-8, names no file: every stat or read of it would fail.
  if (badNames.has(entry.name)) return { kind: 'name-not-utf8', abs, rel }
  let st: Stats | null = null
  if (entry.isSymbolicLink()) {
    if (!followSymlinks) return { kind: 'unfollowed-link', abs, rel }
    st = await statOrNull(abs)
    if (!st) return { kind: 'broken-link', abs, rel }
  }
  if (st ? st.isDirectory() : entry.isDirectory()) {
    const stats = st ?? (await statOrNull(abs))
    return stats ? { kind: 'folder', abs, rel, stats } : { kind: 'none', abs, rel }
  }
  if (st ? st.isFile() : entry.isFile()) {
    const stats = st ?? (await statOrNull(abs))
    if (!stats) return { kind: 'vanished', abs, rel }
    if (!hasImageExtension(entry.name) && !(await looksLikeImage(abs))) return { kind: 'none', abs, rel }
    return { kind: 'image', abs, rel, stats }
  }
  return { kind: 'none', abs, rel }
}

const NO_NAMES: ReadonlySet<string> = new Set()

/**
 * Names in a folder whose bytes are not valid UTF-8, as the scan sees them (with U+FFFD in place
 * of the bad bytes): read as bytes, they do not survive a trip through a UTF-8 string.
 */
async function namesNotUtf8(dir: string): Promise<ReadonlySet<string>> {
  try {
    const raw = await readdir(dir, { encoding: 'buffer' })
    return new Set(raw.filter((name) => !Buffer.from(name.toString('utf8'), 'utf8').equals(name)).map((name) => name.toString('utf8')))
  } catch {
    return NO_NAMES
  }
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
