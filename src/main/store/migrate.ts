import type { Database } from 'better-sqlite3'
import m0001 from './migrations/0001-init'
import m0002 from './migrations/0002-features'
import m0003 from './migrations/0003-runs'
import m0004 from './migrations/0004-reasons'
import m0005 from './migrations/0005-models'
import m0006 from './migrations/0006-edits'

export interface Migration {
  version: number
  name: string
  sql: string
  /**
   * The migration rebuilds a table other tables refer to (SQLite's way to change a constraint): it
   * runs with foreign keys off, as SQLite's procedure needs, and the references are checked before
   * it commits.
   */
  rebuildsTables?: boolean
}

/** Numbered migrations, applied in order. A landed migration is never edited: add a new one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001-init', sql: m0001 },
  { version: 2, name: '0002-features', sql: m0002 },
  { version: 3, name: '0003-runs', sql: m0003 },
  { version: 4, name: '0004-reasons', sql: m0004 },
  { version: 5, name: '0005-models', sql: m0005, rebuildsTables: true },
  { version: 6, name: '0006-edits', sql: m0006 }
]

export class LibraryTooNewError extends Error {
  override name = 'LibraryTooNewError'
}

/**
 * Brings the schema to the newest version. Each migration and the bump of `user_version` run in
 * one transaction, so a failing migration leaves the file exactly as it was.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const newest = migrations.at(-1)?.version ?? 0
  if (current > newest) {
    throw new LibraryTooNewError(
      `This library was written by a newer version of Likeness (schema ${current}, this version knows ${newest}). ` +
        'Update Likeness to open it.'
    )
  }
  for (const m of migrations) {
    if (m.version <= current) continue
    // Foreign keys cannot be switched inside a transaction: off before it, back on after it.
    const restore = m.rebuildsTables === true && db.pragma('foreign_keys', { simple: true }) === 1
    if (restore) db.pragma('foreign_keys = OFF')
    try {
      db.transaction(() => {
        db.exec(m.sql)
        if (m.rebuildsTables === true) {
          const broken = (db.pragma('foreign_key_check') as unknown[]).length
          if (broken > 0) throw new Error(`Migration ${m.name} would leave ${broken} broken reference${broken === 1 ? '' : 's'}; the library was not changed.`)
        }
        db.pragma(`user_version = ${m.version}`)
      })()
    } finally {
      if (restore) db.pragma('foreign_keys = ON')
    }
  }
  return db.pragma('user_version', { simple: true }) as number
}
