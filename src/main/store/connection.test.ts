import Database from 'better-sqlite3'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LibraryDamagedError, openLibrary } from './connection'
import { MIGRATIONS } from './migrate'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'likeness-connection-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function openError(file: string): unknown {
  try {
    openLibrary(file).close()
  } catch (err) {
    return err
  }
  return undefined
}

/** A library with enough rows to span many pages, closed so that everything is in the main file. */
function makeLibrary(file: string, rows = 400): void {
  const db = openLibrary(file)
  const id = Number(db.prepare(`INSERT INTO datasets (name, root) VALUES ('d', '/d')`).run().lastInsertRowid)
  const insert = db.prepare(
    `INSERT INTO items (dataset_id, rel_path, grp, size, mtime_ms, hash, status, reason) VALUES (?, ?, 'g', ?, 0, ?, 'ok', ?)`
  )
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(id, `g/file-${i}.png`, i, i.toString(16).padStart(64, '0'), 'x'.repeat(100))
  })()
  db.close()
}

describe('openLibrary', () => {
  it('opens a new library in WAL mode with synchronous FULL and foreign keys on', () => {
    const db = openLibrary(join(dir, 'nested', 'library.sqlite'))
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('synchronous', { simple: true })).toBe(2)
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    } finally {
      db.close()
    }
  })

  it('creates a new library, its folders and its WAL files for the user alone', () => {
    const file = join(dir, 'nested', 'library', 'library.db')
    const db = openLibrary(file)
    db.prepare(`INSERT INTO datasets (name, root) VALUES ('d', '/d')`).run()
    const mode = (path: string): number => statSync(path).mode & 0o777
    expect(mode(join(dir, 'nested'))).toBe(0o700)
    expect(mode(join(dir, 'nested', 'library'))).toBe(0o700)
    expect(mode(file)).toBe(0o600)
    expect(mode(`${file}-wal`)).toBe(0o600)
    expect(mode(`${file}-shm`)).toBe(0o600)
    db.close()
  })

  it('refuses a file of garbage bytes with a message that names it and says what to do, and leaves it as it was', () => {
    const file = join(dir, 'library.sqlite')
    const garbage = Buffer.alloc(8192)
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0xff
    writeFileSync(file, garbage)

    const error = openError(file)
    expect(error).toBeInstanceOf(LibraryDamagedError)
    const message = (error as Error).message
    expect(message).toContain(file)
    expect(message).toMatch(/damaged/)
    expect(message).toMatch(/Nothing was changed/)
    expect(message).toMatch(/Restore it from a backup|move it away/)
    expect(readFileSync(file).equals(garbage)).toBe(true)
  })

  it('refuses a text file that is not a database', () => {
    const file = join(dir, 'notes.txt')
    writeFileSync(file, 'These are my notes, not a library.\n'.repeat(200))
    expect(openError(file)).toBeInstanceOf(LibraryDamagedError)
    expect(readFileSync(file, 'utf8')).toBe('These are my notes, not a library.\n'.repeat(200))
  })

  it('refuses a real library whose pages were overwritten, without changing the file', () => {
    const file = join(dir, 'library.sqlite')
    makeLibrary(file)
    const size = statSync(file).size
    const pageSize = 4096
    expect(size).toBeGreaterThanOrEqual(8 * pageSize)

    // Overwrite pages 2 and 3 (of the b-trees, not the header page) with 0xFF.
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(2 * pageSize, 0xff), 0, 2 * pageSize, pageSize)
    closeSync(fd)
    const damagedBytes = readFileSync(file)

    const error = openError(file)
    expect(error).toBeInstanceOf(LibraryDamagedError)
    expect((error as Error).message).toContain(file)
    expect(readFileSync(file).equals(damagedBytes)).toBe(true)
  })

  it('refuses a library whose last pages were overwritten', () => {
    const file = join(dir, 'library.sqlite')
    makeLibrary(file)
    const size = statSync(file).size
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0xff), 0, 4096, size - 4096)
    closeSync(fd)
    expect(openError(file)).toBeInstanceOf(LibraryDamagedError)
  })

  it('keeps the data of a good library when it is opened again', () => {
    const file = join(dir, 'library.sqlite')
    makeLibrary(file, 50)
    const db = openLibrary(file)
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 50 })
      expect(db.prepare(`SELECT size FROM items WHERE rel_path = 'g/file-42.png'`).get()).toEqual({ size: 42 })
      expect(db.prepare('SELECT root FROM datasets').all()).toEqual([{ root: '/d' }])
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
    } finally {
      db.close()
    }
  })

  it('refuses a library from a newer version without damaging it', () => {
    const file = join(dir, 'library.sqlite')
    makeLibrary(file, 1)
    const raw = new Database(file)
    raw.pragma('user_version = 99')
    raw.close()
    const error = openError(file)
    expect(error).not.toBeInstanceOf(LibraryDamagedError)
    expect((error as Error).name).toBe('LibraryTooNewError')
    const again = new Database(file, { readonly: true })
    expect(again.pragma('user_version', { simple: true })).toBe(99)
    expect(again.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 1 })
    again.close()
  })

  it('opens read-only without creating anything, and refuses a missing file', () => {
    const file = join(dir, 'library.sqlite')
    makeLibrary(file, 3)
    const db = openLibrary(file, { readonly: true })
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM items').get()).toEqual({ n: 3 })
      expect(() => db.prepare(`INSERT INTO datasets (name, root) VALUES ('e', '/e')`).run()).toThrow(/readonly/)
    } finally {
      db.close()
    }
    const missing = join(dir, 'absent', 'library.sqlite')
    const error = (() => {
      try {
        openLibrary(missing, { readonly: true })
      } catch (err) {
        return err
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(LibraryDamagedError)
  })
})
