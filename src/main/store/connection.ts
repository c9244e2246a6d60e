import Database from 'better-sqlite3'
import { closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrate } from './migrate'

export class LibraryDamagedError extends Error {
  override name = 'LibraryDamagedError'
}

export interface OpenOptions {
  /** Path of a better_sqlite3.node built for the running ABI (Electron builds its own). */
  nativeBinding?: string
  readonly?: boolean
}

/**
 * Opens the library file: the single writer connection of the process. WAL with synchronous=FULL,
 * so what a user did is on disk before the UI says it is saved. A damaged file is refused with a
 * message that says what to do, never opened and written over.
 */
export function openLibrary(file: string, options: OpenOptions = {}): Database.Database {
  if (file !== ':memory:' && !options.readonly) createPrivately(file)
  let db: Database.Database
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      nativeBinding: options.nativeBinding
    })
  } catch (err) {
    throw isDamage(err) ? damaged(file, err) : err
  }
  try {
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new QuickCheckFailed(String(check))
    if (!options.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
    }
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    if (!options.readonly) migrate(db)
    return db
  } catch (err) {
    db.close()
    throw isDamage(err) ? damaged(file, err) : err
  }
}

/**
 * The library holds file paths and labels that are the user's own business, so a new library is
 * made for the user alone rather than by the umask (022 leaves it readable by everyone). SQLite
 * gives the -wal and -shm files the mode of the database file, so creating that file empty with
 * 0600 covers them too; an empty file is a valid new database. Folders and files that already
 * exist keep the modes their owner chose.
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  try {
    closeSync(openSync(file, 'wx', 0o600))
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'EEXIST') throw err
  }
}

class QuickCheckFailed extends Error {}

/** Only damage is reported as damage: a busy or read-only file keeps its own error. */
function isDamage(err: unknown): boolean {
  if (err instanceof QuickCheckFailed) return true
  const code = (err as { code?: unknown }).code
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_CORRUPT_VTAB'
}

function damaged(file: string, cause: unknown): LibraryDamagedError {
  const detail = cause instanceof Error ? cause.message : String(cause)
  return new LibraryDamagedError(
    `The library file ${file} is damaged or is not a Likeness library (${detail}). ` +
      'Nothing was changed. Restore it from a backup, or move it away and start Likeness again to create a new, empty library.'
  )
}
